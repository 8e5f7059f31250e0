# Race checking for OpenMP labs with Archer, LLVM's OpenMP-aware ThreadSanitizer tool.
#
# Why not the course's plain tsan variant: GCC's libgomp is not built with
# ThreadSanitizer, so TSan cannot see the synchronisation inside it (the barrier at the
# end of a loop, the combining of a reduction's private copies, the thread pool handing
# out work) and reports races that are not there. LLVM's libomp implements OMPT, the
# OpenMP tools interface (OpenMP 5.0); Archer is an OMPT tool that tells ThreadSanitizer
# about every parallel region, barrier, reduction and task dependence, so TSan reports
# only the races in the program's own code, with file and line.
#
# The main build uses GCC and libgomp, so the Archer binaries are built here by calling
# Clang directly: -fopenmp=libomp -fsanitize=thread, the lab's tests, the lab's sources
# (solution or mutant), the grading and support libraries' sources, and GoogleTest.
# They run with
#   OMP_TOOL_LIBRARIES=<llvm>/lib/libarcher.so          (libomp loads Archer)
#   TSAN_OPTIONS=ignore_noninstrumented_modules=1:...   (no reports from inside libomp)
#
#   include(${PROJECT_SOURCE_DIR}/cmake/OpenMPArcher.cmake)
#   course_archer_binary(solution_10_archer ALL DIRS <solution dir> <lab dir>
#                        SOURCES a.cpp b.cpp TESTS t.cpp)
#   course_archer_test(10.archer.solution solution_10_archer CLEAN)
#   course_archer_test(10.archer.racy_histogram mutant_10_racy_histogram_archer
#                      RACE_IN histogram.cpp FILTER Histogram.*)
include_guard(GLOBAL)

find_program(COURSE_ARCHER_CXX NAMES clang++-14 clang++ DOC "Clang, for the OpenMP race check with Archer")
set(COURSE_ARCHER_LIBRARY "" CACHE FILEPATH "LLVM's libarcher.so (Debian: libomp-dev)")
if(COURSE_ARCHER_CXX AND NOT COURSE_ARCHER_LIBRARY)
  # Clang's resource directory is <llvm>/lib/clang/<version>; Archer lives in <llvm>/lib.
  execute_process(COMMAND ${COURSE_ARCHER_CXX} -print-resource-dir
                  OUTPUT_VARIABLE resource_dir OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  get_filename_component(llvm_lib "${resource_dir}/../.." ABSOLUTE)
  find_file(archer NAMES libarcher.so PATHS ${llvm_lib} NO_DEFAULT_PATH NO_CACHE)
  if(archer)
    set(COURSE_ARCHER_LIBRARY ${archer} CACHE FILEPATH "LLVM's libarcher.so (Debian: libomp-dev)" FORCE)
  endif()
endif()
if(COURSE_ARCHER_CXX AND COURSE_ARCHER_LIBRARY)
  set(COURSE_ARCHER_FOUND ON)
  get_filename_component(COURSE_ARCHER_LIBDIR ${COURSE_ARCHER_LIBRARY} DIRECTORY)
else()
  set(COURSE_ARCHER_FOUND OFF)
  message(STATUS "OpenMP race check (Archer) off: needs clang++ and libarcher.so "
                 "(`sudo apt-get install clang libomp-dev`)")
endif()

# The environment an Archer binary runs in (a CMake list: one VAR=value per entry).
# ARCHER_OPTIONS=verbose=1 makes Archer say it is loaded, which the tests require: without
# it, ThreadSanitizer would run blind to libomp's synchronisation.
set(COURSE_ARCHER_ENVIRONMENT
  "OMP_TOOL_LIBRARIES=${COURSE_ARCHER_LIBRARY}"
  "ARCHER_OPTIONS=verbose=1"
  "TSAN_OPTIONS=ignore_noninstrumented_modules=1:halt_on_error=1:second_deadlock_stack=1")

# The absolute paths of a course library's own sources.
function(course_archer_library_sources target out)
  get_target_property(sources ${target} SOURCES)
  get_target_property(dir ${target} SOURCE_DIR)
  list(TRANSFORM sources PREPEND ${dir}/)
  set(${out} ${sources} PARENT_SCOPE)
endfunction()

# course_archer_binary(target [ALL] DIRS dir ... SOURCES file ... TESTS test.cpp ...)
# Builds build/.../archer/<target> with Clang, libomp and ThreadSanitizer: each of SOURCES
# is taken from the first of DIRS that has it, and DIRS are the include path, in order.
# ALL: part of the default build (the course's check); otherwise built only when asked
# for (`cmake --build ... --target <target>`), as a student's race check is.
function(course_archer_binary target)
  cmake_parse_arguments(ARG "ALL" "" "DIRS;SOURCES;TESTS" ${ARGN})
  if(NOT COURSE_ARCHER_FOUND)
    return()
  endif()
  set(files "")
  foreach(source IN LISTS ARG_SOURCES)
    foreach(dir IN LISTS ARG_DIRS)
      if(EXISTS ${dir}/${source})
        list(APPEND files ${dir}/${source})
        break()
      endif()
    endforeach()
  endforeach()
  course_archer_library_sources(course_grading grading)
  course_archer_library_sources(course_support support)
  set(headers "")
  foreach(dir IN LISTS ARG_DIRS)
    file(GLOB found CONFIGURE_DEPENDS ${dir}/*.hpp ${dir}/*.h)
    list(APPEND headers ${found})
  endforeach()
  file(GLOB test_headers CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.hpp)

  set(includes ${ARG_DIRS} ${PROJECT_SOURCE_DIR}/support/include ${PROJECT_SOURCE_DIR}/tests/grading/include)
  list(TRANSFORM includes PREPEND -I)
  set(binary ${CMAKE_CURRENT_BINARY_DIR}/archer/${target})
  add_custom_command(OUTPUT ${binary}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/archer
    COMMAND ${COURSE_ARCHER_CXX} -std=c++20 -fopenmp=libomp -fsanitize=thread -gline-tables-only -O1
            -Wall -Wextra -Wpedantic ${includes}
            ${ARG_TESTS} ${files} ${grading} ${support}
            -lgtest -pthread -Wl,-rpath,${COURSE_ARCHER_LIBDIR} -o ${binary}
    DEPENDS ${ARG_TESTS} ${files} ${grading} ${support} ${headers} ${test_headers}
    COMMENT "Building ${target} with Clang, libomp and ThreadSanitizer (the Archer race check)"
    VERBATIM)
  set(all "")
  if(ARG_ALL)
    set(all ALL)
  endif()
  add_custom_target(${target} ${all} DEPENDS ${binary})
  set_property(TARGET ${target} PROPERTY COURSE_ARCHER_BINARY ${binary})
endfunction()

# course_archer_spec(out target TESTS test.cpp ...)
# The grader's JSON for an Archer binary (see tests/grading/grade.py): a tsan run whose
# output must show that Archer was loaded, since without it ThreadSanitizer would run
# blind to libomp's synchronisation and a clean result would prove nothing.
function(course_archer_spec out target)
  cmake_parse_arguments(ARG "" "" "TESTS" ${ARGN})
  get_property(binary TARGET ${target} PROPERTY COURSE_ARCHER_BINARY)
  set(json "{}")
  string(JSON json SET "${json}" path "\"${binary}\"")
  string(JSON json SET "${json}" kind "\"tests\"")
  string(JSON json SET "${json}" timeout 60)
  string(JSON json SET "${json}" sanitizer "\"tsan\"")
  string(JSON json SET "${json}" require_output "\"Archer detected OpenMP application with TSan\"")
  course_json_list(files ${ARG_TESTS})
  string(JSON json SET "${json}" sources "${files}")
  set(environment "{}")
  foreach(pair IN LISTS COURSE_ARCHER_ENVIRONMENT)
    course_split_assignment("${pair}" key value)
    string(JSON environment SET "${environment}" ${key} "\"${value}\"")
  endforeach()
  string(JSON json SET "${json}" environment "${environment}")
  set(${out} "${json}" PARENT_SCOPE)
endfunction()
