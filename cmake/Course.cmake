# The course's building blocks. Declaring a lesson's demo, a lab, or a deliberately
# broken "mutant" of a lab is one call each:
#
#   course_demo(global_lock)                          # in lessons/NN-name/CMakeLists.txt
#   course_lab(SOURCES sum.cpp TESTS sum_test.cpp)    # in tests/NN-name/CMakeLists.txt
#   course_mutant(racy_sum REPLACES sum.cpp SANITIZER thread)   # mutants/racy_sum.mutant
#
# The lesson number and folder name come from the folder the call is made in, so
# lessons/NN-x, labs/NN-x, solutions/NN-x and tests/NN-x always line up.
include_guard(GLOBAL)
include(GoogleTest)

set(COURSE_GRADER "${PROJECT_SOURCE_DIR}/tests/grading/grade.py")

# Sanitizer variants of the course's own libraries, built only for the check.
set(COURSE_VARIANTS "")
if(COURSE_CHECK)
  set(COURSE_VARIANTS tsan asan)
endif()

function(course_sanitize target variant)
  if(variant STREQUAL "tsan")
    target_compile_options(${target} PRIVATE -fsanitize=thread -g -O1)
    target_link_options(${target} PRIVATE -fsanitize=thread)
  elseif(variant STREQUAL "asan")
    set(flags -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_compile_options(${target} PRIVATE ${flags} -g -O1)
    target_link_options(${target} PRIVATE ${flags})
  endif()
endfunction()

# The environment a sanitizer build's tests run in: stop at the first report, so it fails.
function(course_sanitizer_environment variant out)
  if(variant STREQUAL "tsan")
    set(${out} "TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1" PARENT_SCOPE)
  elseif(variant STREQUAL "asan")
    # One variable only (a list would be cut by gtest_discover_tests); UBSan stops at its
    # first report anyway, because the asan variant is compiled with -fno-sanitize-recover.
    set(${out} "ASAN_OPTIONS=detect_leaks=1:halt_on_error=1" PARENT_SCOPE)
  else()
    set(${out} "" PARENT_SCOPE)
  endif()
endfunction()

# Maps a list of libraries to their `variant` builds where the course has one.
function(course_variant_links variant out)
  get_property(ours GLOBAL PROPERTY COURSE_LIBRARIES)
  set(result "")
  foreach(lib IN LISTS ARGN)
    if(variant AND lib IN_LIST ours)
      list(APPEND result ${lib}_${variant})
    else()
      list(APPEND result ${lib})
    endif()
  endforeach()
  set(${out} ${result} PARENT_SCOPE)
endfunction()

# course_library(name SOURCES ... PUBLIC_INCLUDE dir LINK ...)
# A static library, plus its sanitizer variants (name_tsan, name_asan) in the check build.
function(course_library name)
  cmake_parse_arguments(ARG "" "PUBLIC_INCLUDE" "SOURCES;LINK" ${ARGN})
  set_property(GLOBAL APPEND PROPERTY COURSE_LIBRARIES ${name})
  foreach(variant IN ITEMS "" ${COURSE_VARIANTS})
    set(target ${name})
    if(variant)
      set(target ${name}_${variant})
    endif()
    add_library(${target} STATIC ${ARG_SOURCES})
    target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/${ARG_PUBLIC_INCLUDE})
    course_variant_links("${variant}" links ${ARG_LINK})
    target_link_libraries(${target} PUBLIC ${links})
    course_sanitize(${target} "${variant}")
  endforeach()
endfunction()

# NN and NN-name of the lesson whose folder holds the current CMakeLists.txt.
macro(course_unit_from_folder)
  get_filename_component(COURSE_UNIT "${CMAKE_CURRENT_SOURCE_DIR}" NAME)
  string(SUBSTRING "${COURSE_UNIT}" 0 2 COURSE_NN)
endmacro()

# course_demo(name [SOURCE file.cpp] [LIBS ...] [ARGS ...] [TIMEOUT s] [WILL_FAIL] [NO_TSAN])
# One standalone demo program, run by the check with a time limit. Its binary lands
# in build/<preset>/lessons/NN-name/<name>; `./course run NN name` runs it.
# NO_TSAN leaves it out of the tsan preset: for demos of uninstrumented libraries
# (libtbb.so), whose correct synchronisation ThreadSanitizer cannot see and reports as races.
function(course_demo name)
  cmake_parse_arguments(ARG "WILL_FAIL;NO_TSAN" "SOURCE;TIMEOUT" "LIBS;ARGS" ${ARGN})
  if(ARG_NO_TSAN AND COURSE_SANITIZER STREQUAL "tsan")
    return()
  endif()
  course_unit_from_folder()
  if(NOT ARG_SOURCE)
    set(ARG_SOURCE ${name}.cpp)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 20)
  endif()
  set(target demo_${COURSE_NN}_${name})
  add_executable(${target} ${ARG_SOURCE})
  set_target_properties(${target} PROPERTIES OUTPUT_NAME ${name}
    RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/lessons/${COURSE_UNIT})
  target_link_libraries(${target} PRIVATE course_support ${ARG_LIBS})
  add_test(NAME ${COURSE_NN}.demo.${name} COMMAND ${target} ${ARG_ARGS})
  set_tests_properties(${COURSE_NN}.demo.${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT}
    LABELS demo WILL_FAIL ${ARG_WILL_FAIL})
  set_property(GLOBAL APPEND PROPERTY COURSE_DEMOS "${COURSE_NN}|${name}|$<TARGET_FILE:${target}>")
endfunction()

# Adds one graded test binary: `tests` linked against `lib`, with the grading main.
function(course_test_binary target lib variant)
  add_executable(${target} ${ARGN})
  course_variant_links("${variant}" grading course_grading)
  target_link_libraries(${target} PRIVATE ${lib} ${grading})
  course_sanitize(${target} "${variant}")
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/grading/${COURSE_UNIT})
endfunction()

# Adds the library a lab's tests link against: `sources` found first in `dirs`.
function(course_lab_library target variant dirs sources libs)
  set(files "")
  foreach(source IN LISTS sources)
    foreach(dir IN LISTS dirs)
      if(EXISTS ${dir}/${source})
        list(APPEND files ${dir}/${source})
        break()
      endif()
    endforeach()
  endforeach()
  if(files)
    add_library(${target} STATIC ${files})
    set(scope PUBLIC)
  else()
    add_library(${target} INTERFACE)  # a header-only lab (templates)
    set(scope INTERFACE)
  endif()
  target_include_directories(${target} BEFORE ${scope} ${dirs})
  course_variant_links("${variant}" links course_support ${libs})
  target_link_libraries(${target} ${scope} ${links})
  if(files)  # a header-only lab compiles in the test binary, which is sanitized itself
    course_sanitize(${target} "${variant}")
  endif()
endfunction()

# course_lab(SOURCES a.cpp ... TESTS t.cpp ... [SPEEDUP_TESTS s.cpp ...] [LIBS ...]
#            [TIMEOUT s] [NO_TSAN] [NO_ASAN])
# Called in tests/NN-name/CMakeLists.txt. Builds the graded tests against the
# student's labs/NN-name; in the check build also against solutions/NN-name (plain,
# ThreadSanitizer, ASan+UBSan) and proves the untouched stubs score zero.
function(course_lab)
  cmake_parse_arguments(ARG "NO_TSAN;NO_ASAN" "TIMEOUT" "SOURCES;TESTS;SPEEDUP_TESTS;LIBS" ${ARGN})
  course_unit_from_folder()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 10)
  endif()
  set(lab_dir ${PROJECT_SOURCE_DIR}/labs/${COURSE_UNIT})
  set(solution_dir ${PROJECT_SOURCE_DIR}/solutions/${COURSE_UNIT})
  list(TRANSFORM ARG_TESTS PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/)
  list(TRANSFORM ARG_SPEEDUP_TESTS PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/)

  # What the student grades: the lab as it stands in labs/. (In the tsan and asan presets
  # every target is instrumented by the global flags, so no variant is needed here.)
  course_lab_library(lab_${COURSE_NN} "" "${lab_dir}" "${ARG_SOURCES}" "${ARG_LIBS}")
  course_test_binary(lab_${COURSE_NN}_tests lab_${COURSE_NN} "" ${ARG_TESTS})
  set(binaries "$<TARGET_FILE:lab_${COURSE_NN}_tests>")
  set(speedup_built OFF)
  if(ARG_SPEEDUP_TESTS AND NOT COURSE_SANITIZER)  # speedup is never measured under a sanitizer
    course_test_binary(lab_${COURSE_NN}_speedup lab_${COURSE_NN} "" ${ARG_SPEEDUP_TESTS})
    list(APPEND binaries "$<TARGET_FILE:lab_${COURSE_NN}_speedup>")
    set(speedup_built ON)
  endif()
  list(JOIN binaries "|" joined)  # a ';' would split this entry of the global list
  set_property(GLOBAL APPEND PROPERTY COURSE_LABS "${COURSE_NN}|${COURSE_UNIT}|${ARG_TIMEOUT}|${joined}")

  if(NOT COURSE_CHECK)
    return()
  endif()

  # The course's own check, direction 1: the untouched stubs score zero.
  add_test(NAME ${COURSE_NN}.stubs_score_zero
    COMMAND ${Python3_EXECUTABLE} ${COURSE_GRADER} --quiet --timeout ${ARG_TIMEOUT} --expect-zero ${binaries})
  set_tests_properties(${COURSE_NN}.stubs_score_zero PROPERTIES LABELS stubs TIMEOUT 600)

  # Direction 2: every test passes on the reference solution, plain and sanitized.
  set(dirs ${solution_dir} ${lab_dir})
  set(variants plain)
  if(NOT ARG_NO_TSAN)
    list(APPEND variants tsan)
  endif()
  if(NOT ARG_NO_ASAN)
    list(APPEND variants asan)
  endif()
  foreach(variant IN LISTS variants)
    set(suffix "_${variant}")
    set(sanitizer "${variant}")
    if(variant STREQUAL "plain")
      set(suffix "")
      set(sanitizer "")
    endif()
    course_lab_library(solution_${COURSE_NN}${suffix} "${sanitizer}" "${dirs}" "${ARG_SOURCES}" "${ARG_LIBS}")
    course_test_binary(solution_${COURSE_NN}_tests${suffix} solution_${COURSE_NN}${suffix} "${sanitizer}" ${ARG_TESTS})
    course_sanitizer_environment("${sanitizer}" environment)
    set(label solution)  # one label each: gtest_discover_tests cannot pass a list of them
    if(sanitizer)
      set(label ${sanitizer})
    endif()
    gtest_discover_tests(solution_${COURSE_NN}_tests${suffix}
      TEST_PREFIX "${COURSE_NN}.solution.${variant}."
      DISCOVERY_MODE PRE_TEST
      PROPERTIES TIMEOUT ${ARG_TIMEOUT} LABELS ${label} ENVIRONMENT "${environment}")
  endforeach()
  if(speedup_built)
    course_test_binary(solution_${COURSE_NN}_speedup solution_${COURSE_NN} "" ${ARG_SPEEDUP_TESTS})
    gtest_discover_tests(solution_${COURSE_NN}_speedup
      TEST_PREFIX "${COURSE_NN}.speedup."
      DISCOVERY_MODE PRE_TEST
      PROPERTIES TIMEOUT 300 RUN_SERIAL TRUE LABELS speedup ENVIRONMENT "COURSE_SPEEDUP_STRICT=1")
  endif()
  set(COURSE_LAB_SOURCES "${ARG_SOURCES}" PARENT_SCOPE)
  set(COURSE_LAB_TESTS "${ARG_TESTS}" PARENT_SCOPE)
  set(COURSE_LAB_LIBS "${ARG_LIBS}" PARENT_SCOPE)
endfunction()

# course_mutant(name REPLACES file [SANITIZER thread|address] [TIMEOUT s])
# A classic wrong implementation: the solution's `file` with one bug put in, as the
# blocks of tests/NN-name/mutants/<name>.mutant say (see tests/grading/mutate.py). The
# mutant file also says which tests it must lose, and why, in lines like
#   # EXPECT-LOSS: Suite.Test: data race
# The check grades it and proves exactly those tests lose their points, each for a
# reason matching the text after the second colon, while every other test keeps them.
function(course_mutant name)
  cmake_parse_arguments(ARG "" "REPLACES;SANITIZER;TIMEOUT" "" ${ARGN})
  if(NOT COURSE_CHECK)
    return()
  endif()
  course_unit_from_folder()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 5)
  endif()
  set(variant "")
  if(ARG_SANITIZER STREQUAL "thread")
    set(variant tsan)
  elseif(ARG_SANITIZER STREQUAL "address")
    set(variant asan)
  endif()
  # The mutated file takes the replaced file's name, in a folder searched first. It is
  # made while configuring, and made again whenever the solution or the mutant changes.
  set(solution_file ${PROJECT_SOURCE_DIR}/solutions/${COURSE_UNIT}/${ARG_REPLACES})
  set(mutant_file ${CMAKE_CURRENT_SOURCE_DIR}/mutants/${name}.mutant)
  set(mutant_dir ${CMAKE_CURRENT_BINARY_DIR}/mutants/${name})
  set(mutate ${PROJECT_SOURCE_DIR}/tests/grading/mutate.py)
  execute_process(
    COMMAND ${Python3_EXECUTABLE} ${mutate} ${solution_file} ${mutant_file} ${mutant_dir}/${ARG_REPLACES}
    RESULT_VARIABLE failed ERROR_VARIABLE why)
  if(failed)
    message(FATAL_ERROR "mutant ${COURSE_NN}/${name}: ${why}")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${solution_file} ${mutant_file} ${mutate})

  set(dirs ${mutant_dir} ${PROJECT_SOURCE_DIR}/solutions/${COURSE_UNIT} ${PROJECT_SOURCE_DIR}/labs/${COURSE_UNIT})
  course_lab_library(mutant_${COURSE_NN}_${name} "${variant}" "${dirs}" "${COURSE_LAB_SOURCES}" "${COURSE_LAB_LIBS}")
  course_test_binary(mutant_${COURSE_NN}_${name}_tests mutant_${COURSE_NN}_${name} "${variant}" ${COURSE_LAB_TESTS})
  course_sanitizer_environment("${variant}" environment)
  add_test(NAME ${COURSE_NN}.mutant.${name}
    COMMAND ${Python3_EXECUTABLE} ${COURSE_GRADER} --quiet --timeout ${ARG_TIMEOUT}
            --expect-mutant ${mutant_file} $<TARGET_FILE:mutant_${COURSE_NN}_${name}_tests>)
  set_tests_properties(${COURSE_NN}.mutant.${name} PROPERTIES LABELS mutant TIMEOUT 600
    ENVIRONMENT "${environment}")
endfunction()

# Writes build/<preset>/course-manifest.json: the demos and labs this build has,
# with the paths of their binaries, for the `course` CLI and the grader.
function(course_write_manifest)
  get_property(demos GLOBAL PROPERTY COURSE_DEMOS)
  get_property(labs GLOBAL PROPERTY COURSE_LABS)
  set(json "{\n  \"source_dir\": \"${PROJECT_SOURCE_DIR}\",\n  \"sanitizer\": \"${COURSE_SANITIZER}\",\n  \"demos\": [")
  set(separator "")
  foreach(demo IN LISTS demos)
    string(REPLACE "|" ";" fields "${demo}")
    list(GET fields 0 nn)
    list(GET fields 1 name)
    list(GET fields 2 path)
    string(APPEND json "${separator}\n    {\"lesson\": \"${nn}\", \"name\": \"${name}\", \"path\": \"${path}\"}")
    set(separator ",")
  endforeach()
  string(APPEND json "\n  ],\n  \"labs\": [")
  set(separator "")
  foreach(lab IN LISTS labs)
    string(REPLACE "|" ";" fields "${lab}")
    list(GET fields 0 nn)
    list(GET fields 1 unit)
    list(GET fields 2 timeout)
    list(SUBLIST fields 3 -1 binaries)
    list(JOIN binaries "\", \"" binaries)
    string(APPEND json "${separator}\n    {\"lab\": \"${nn}\", \"folder\": \"${unit}\", \"timeout\": ${timeout}, \"binaries\": [\"${binaries}\"]}")
    set(separator ",")
  endforeach()
  string(APPEND json "\n  ]\n}\n")
  file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/course-manifest.json CONTENT "${json}")
endfunction()
