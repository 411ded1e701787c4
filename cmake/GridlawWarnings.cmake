# gridlaw_warnings(TARGET): the project's warning set for its own code.
# Generated ANTLR code gets none of it (see grammar/CMakeLists.txt).
function(gridlaw_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wnon-virtual-dtor
                                           -Wold-style-cast -Wcast-align -Woverloaded-virtual
                                           -Wimplicit-fallthrough -Wno-pedantic)
  if(GRIDLAW_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# gridlaw_library(NAME SOURCES files... DEPS targets...): one static library
# per module, with its dependencies stated and the warning set applied.
function(gridlaw_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  gridlaw_warnings(${name})
endfunction()
