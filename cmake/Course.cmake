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

# -g1 keeps the line tables a sanitizer report needs (file:line in every frame) and
# skips the full debug information, which is a quarter of these builds' compile time.
# -O1, not -O0: the sanitizers' documentation advises it for reasonable speed, and the
# graded tests that count waits need it (lab 11's 10 000 waits overran their limit at -O0).
function(course_sanitize target variant)
  if(variant STREQUAL "tsan")
    target_compile_options(${target} PRIVATE -fsanitize=thread -g1 -O1)
    target_link_options(${target} PRIVATE -fsanitize=thread)
  elseif(variant STREQUAL "asan")
    set(flags -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_compile_options(${target} PRIVATE ${flags} -g1 -O1)
    target_link_options(${target} PRIVATE ${flags})
  endif()
endfunction()

# The environment a sanitizer build's tests run in: stop at the first report, so it fails.
function(course_sanitizer_environment variant out)
  if(variant STREQUAL "tsan")
    set(${out} "TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1" PARENT_SCOPE)
  elseif(variant STREQUAL "asan" AND COURSE_LAB_RANKS)
    # Open MPI keeps ~120 KB of its start-up allocations to the end (MPI_Init, plugins it
    # unloads), which LeakSanitizer reports in every rank; leaks are not checked for MPI labs.
    set(${out} "ASAN_OPTIONS=detect_leaks=0:halt_on_error=1" PARENT_SCOPE)
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

# course_library(name [OBJECT] SOURCES ... PUBLIC_INCLUDE dir LINK ...)
# A static (or object) library, plus its sanitizer variants (name_tsan, name_asan) in the check build.
function(course_library name)
  cmake_parse_arguments(ARG "OBJECT" "PUBLIC_INCLUDE" "SOURCES;LINK" ${ARGN})
  set_property(GLOBAL APPEND PROPERTY COURSE_LIBRARIES ${name})
  set(kind STATIC)
  if(ARG_OBJECT)
    set(kind OBJECT)
  endif()
  foreach(variant IN ITEMS "" ${COURSE_VARIANTS})
    set(target ${name})
    if(variant)
      set(target ${name}_${variant})
    endif()
    add_library(${target} ${kind} ${ARG_SOURCES})
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

# The command that starts `n` MPI ranks of a program, with what a container or a root
# shell needs: --oversubscribe (more ranks than cores) and, as root, Open MPI's consent.
# `{ranks}` stands for n where the grader fills it in.
function(course_mpi_launcher ranks out)
  set(launcher ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${ranks} --oversubscribe)
  set(${out} ${launcher} PARENT_SCOPE)
endfunction()
set(COURSE_MPI_ENVIRONMENT "OMPI_ALLOW_RUN_AS_ROOT=1" "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1")

# course_demo(name [SOURCE file.cpp] [LIBS ...] [ARGS ...] [TIMEOUT s] [WILL_FAIL] [NO_TSAN] [NO_ASAN] [MPI_RANKS n])
# One standalone demo program, run by the check with a time limit. Its binary lands
# in build/<preset>/lessons/NN-name/<name>; `./course run NN name` runs it.
# NO_TSAN leaves it out of the tsan preset: for demos of uninstrumented libraries
# (libtbb.so), whose correct synchronisation ThreadSanitizer cannot see and reports as races.
# NO_ASAN leaves it out of the asan preset (fibers: stack switches confuse AddressSanitizer).
# MPI_RANKS n: an MPI program, started through mpiexec with n ranks (by CTest and the CLI).
# Demos are declared in the lesson's reading order; the CLI and the docs list them so.
function(course_demo name)
  cmake_parse_arguments(ARG "WILL_FAIL;NO_TSAN;NO_ASAN" "SOURCE;TIMEOUT;MPI_RANKS" "LIBS;ARGS" ${ARGN})
  if((ARG_NO_TSAN AND COURSE_SANITIZER STREQUAL "tsan") OR (ARG_NO_ASAN AND COURSE_SANITIZER STREQUAL "asan"))
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
  set(command ${target} ${ARG_ARGS})
  set(launcher "[]")
  if(ARG_MPI_RANKS)
    course_mpi_launcher(${ARG_MPI_RANKS} mpi)
    set(command ${mpi} $<TARGET_FILE:${target}> ${ARG_ARGS})
    set(index 0)
    foreach(part IN LISTS mpi)
      string(JSON launcher SET "${launcher}" ${index} "\"${part}\"")
      math(EXPR index "${index} + 1")
    endforeach()
  endif()
  add_test(NAME ${COURSE_NN}.demo.${name} COMMAND ${command})
  set_tests_properties(${COURSE_NN}.demo.${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT}
    LABELS demo WILL_FAIL "${ARG_WILL_FAIL}")
  if(ARG_MPI_RANKS)
    set_tests_properties(${COURSE_NN}.demo.${name} PROPERTIES ENVIRONMENT "${COURSE_MPI_ENVIRONMENT}")
  endif()
  set(entry "{}")
  string(JSON entry SET "${entry}" lesson "\"${COURSE_NN}\"")
  string(JSON entry SET "${entry}" name "\"${name}\"")
  string(JSON entry SET "${entry}" source "\"${CMAKE_CURRENT_SOURCE_DIR}/${ARG_SOURCE}\"")
  string(JSON entry SET "${entry}" path "\"$<TARGET_FILE:${target}>\"")
  string(JSON entry SET "${entry}" launcher "${launcher}")
  set_property(GLOBAL APPEND PROPERTY COURSE_DEMOS "${entry}")
endfunction()

# Splits "KEY=VALUE" at its first '=' (a REGEX REPLACE anchored with ^ would strip every
# "x=" in the value, as it matches again after each replacement).
function(course_split_assignment text key_out value_out)
  string(FIND "${text}" "=" at)
  string(SUBSTRING "${text}" 0 ${at} key)
  math(EXPR at "${at} + 1")
  string(SUBSTRING "${text}" ${at} -1 value)
  set(${key_out} "${key}" PARENT_SCOPE)
  set(${value_out} "${value}" PARENT_SCOPE)
endfunction()

# A JSON list of strings.
function(course_json_list out)
  set(json "[]")
  set(index 0)
  foreach(item IN LISTS ARGN)
    string(JSON json SET "${json}" ${index} "\"${item}\"")
    math(EXPR index "${index} + 1")
  endforeach()
  set(${out} "${json}" PARENT_SCOPE)
endfunction()

# One graded binary as the grader sees it (see tests/grading/grade.py): where it is,
# what kind, its time limit per test, the test sources its rubric is read from, and
# how it runs (sanitizer environment, MPI ranks).
function(course_binary_json out target kind timeout sanitizer sources)
  set(json "{}")
  string(JSON json SET "${json}" path "\"$<TARGET_FILE:${target}>\"")
  string(JSON json SET "${json}" kind "\"${kind}\"")
  string(JSON json SET "${json}" timeout ${timeout})
  string(JSON json SET "${json}" sanitizer "\"${sanitizer}\"")
  course_json_list(files ${sources})
  string(JSON json SET "${json}" sources "${files}")
  set(environment "{}")
  course_sanitizer_environment("${sanitizer}" variable)
  if(variable)
    course_split_assignment("${variable}" key value)
    string(JSON environment SET "${environment}" ${key} "\"${value}\"")
  endif()
  if(COURSE_LAB_RANKS)
    course_mpi_launcher("{ranks}" mpi)
    course_json_list(launcher ${mpi})
    string(JSON json SET "${json}" launcher "${launcher}")
    string(REPLACE ";" "," ranks "${COURSE_LAB_RANKS}")
    string(JSON json SET "${json}" ranks "[${ranks}]")
    # mpiexec's exit code is not read (every rank's sealed report is), so a rank that
    # fails need not make mpiexec wait and tear the others down: failing tests end sooner.
    foreach(pair IN LISTS COURSE_MPI_ENVIRONMENT ITEMS "OMPI_MCA_orte_abort_on_non_zero_status=0")
      course_split_assignment("${pair}" key value)
      string(JSON environment SET "${environment}" ${key} "\"${value}\"")
    endforeach()
  endif()
  string(JSON json SET "${json}" environment "${environment}")
  set(${out} "${json}" PARENT_SCOPE)
endfunction()

# A lab spec: the title and its binaries (JSON objects).
function(course_spec_json out)
  set(json "{}")
  string(JSON json SET "${json}" lab "\"${COURSE_NN}\"")
  string(JSON json SET "${json}" folder "\"${COURSE_UNIT}\"")
  string(JSON json SET "${json}" binaries "[]")
  set(index 0)
  foreach(binary IN LISTS ARGN)
    string(JSON json SET "${json}" binaries ${index} "${binary}")
    math(EXPR index "${index} + 1")
  endforeach()
  set(${out} "${json}" PARENT_SCOPE)
endfunction()

# A CTest test of the course's own check that grades `spec` through the grader, exactly
# as a student's submission is graded, and checks the result (mode: --expect-full,
# --expect-zero or --expect-mutant FILE).
function(course_check_test name label spec_json)
  set(spec_file ${CMAKE_CURRENT_BINARY_DIR}/specs/${name}.json)
  file(GENERATE OUTPUT ${spec_file} CONTENT "${spec_json}\n")
  add_test(NAME ${name} COMMAND ${Python3_EXECUTABLE} ${COURSE_GRADER} --quiet ${ARGN} ${spec_file})
  set_tests_properties(${name} PROPERTIES LABELS ${label} TIMEOUT 900)
  if(ARG_RANKS OR COURSE_LAB_RANKS)  # every test starts mpiexec three times: ~10 s, started early
    set_tests_properties(${name} PROPERTIES COST 10)
  endif()
endfunction()

# Every graded test source starts with GoogleTest and the same standard headers; parsing
# them is about a second per file, and the check compiles each test file up to seven
# times (lab, solution, two sanitizers, mutants of a header, speedup). One precompiled
# header per sanitizer variant serves them all. A lab that links OpenMP gets none:
# -fopenmp defines _OPENMP, GCC then refuses the shared header, and CMake's own
# -Winvalid-pch turns that into an error under -Werror.
function(course_use_test_pch target lib variant)
  get_target_property(links ${lib} INTERFACE_LINK_LIBRARIES)
  if("${links}" MATCHES "OpenMP")
    return()
  endif()
  set(pch course_test_pch)
  if(variant)
    set(pch course_test_pch_${variant})
  endif()
  if(NOT TARGET ${pch})
    set(source ${PROJECT_BINARY_DIR}/course_test_pch.cpp)
    if(NOT EXISTS ${source})
      file(WRITE ${source} "// The precompiled test headers are built from this empty file.\n")
    endif()
    add_library(${pch} OBJECT ${source})
    course_variant_links("${variant}" grading course_grading)
    target_link_libraries(${pch} PRIVATE ${grading})
    course_sanitize(${pch} "${variant}")
    target_precompile_headers(${pch} PRIVATE <gtest/gtest.h> <atomic> <chrono> <condition_variable>
                              <functional> <future> <mutex> <string> <thread> <vector>)
  endif()
  target_precompile_headers(${target} REUSE_FROM ${pch})
endfunction()

# Compiles a lab's test sources once per variant, each file an object library of its own
# (<target>_<stem>), and puts their objects in `out`: the solution, the stubs (when their
# headers are the solution's) and every mutant that leaves a file's headers alone link them,
# so a mutant compiles only the files its bug reaches.
function(course_test_objects out target lib variant)
  foreach(source IN LISTS ARGN)
    get_filename_component(stem ${source} NAME_WE)
    add_library(${target}_${stem} OBJECT ${source})
    course_variant_links("${variant}" grading course_grading)
    target_link_libraries(${target}_${stem} PRIVATE ${lib} ${grading})
    course_sanitize(${target}_${stem} "${variant}")
    course_use_test_pch(${target}_${stem} ${lib} "${variant}")
  endforeach()
  course_objects_named(objects ${target} ${ARGN})
  set(${out} ${objects} PARENT_SCOPE)
endfunction()

# The objects course_test_objects(... target ...) compiled from `sources`.
function(course_objects_named out target)
  set(objects "")
  foreach(source IN LISTS ARGN)
    get_filename_component(stem ${source} NAME_WE)
    list(APPEND objects $<TARGET_OBJECTS:${target}_${stem}>)
  endforeach()
  set(${out} ${objects} PARENT_SCOPE)
endfunction()

# Whether the stubs' headers are the solution's, byte for byte: then the graded tests
# compile to the same objects against either. Editing a stub header configures again.
function(course_same_headers lab_dir solution_dir out)
  file(GLOB lab_headers RELATIVE ${lab_dir} CONFIGURE_DEPENDS ${lab_dir}/*.hpp ${lab_dir}/*.h)
  file(GLOB solution_headers RELATIVE ${solution_dir} CONFIGURE_DEPENDS ${solution_dir}/*.hpp ${solution_dir}/*.h)
  # The globs notice added and removed headers; these notice an edit of one.
  list(TRANSFORM lab_headers PREPEND ${lab_dir}/ OUTPUT_VARIABLE lab_paths)
  list(TRANSFORM solution_headers PREPEND ${solution_dir}/ OUTPUT_VARIABLE solution_paths)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${lab_paths} ${solution_paths})
  set(same TRUE)
  foreach(header IN LISTS solution_headers)
    if(NOT header IN_LIST lab_headers)
      set(same FALSE)
    else()
      file(SHA256 ${lab_dir}/${header} lab_hash)
      file(SHA256 ${solution_dir}/${header} solution_hash)
      if(NOT lab_hash STREQUAL solution_hash)
        set(same FALSE)
      endif()
    endif()
  endforeach()
  set(${out} ${same} PARENT_SCOPE)
endfunction()

# Whether `file` includes a file named `name`, directly or through the headers it
# includes from its own folder or from `dirs` (a text scan: `#include "x"` and `<x>`).
function(course_reaches file name dirs out)
  set(pending ${file})
  set(seen "")
  while(pending)
    list(POP_FRONT pending current)
    if(current IN_LIST seen)
      continue()
    endif()
    list(APPEND seen ${current})
    get_filename_component(here ${current} DIRECTORY)
    file(STRINGS ${current} lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^[^<\"]*[<\"]([^>\"]+)[>\"].*" "\\1" included "${line}")
      get_filename_component(included_name ${included} NAME)
      if(included_name STREQUAL name)
        set(${out} TRUE PARENT_SCOPE)
        return()
      endif()
      foreach(dir IN ITEMS ${here} ${dirs})
        if(EXISTS ${dir}/${included} AND NOT IS_DIRECTORY ${dir}/${included})
          list(APPEND pending ${dir}/${included})
          break()
        endif()
      endforeach()
    endforeach()
  endwhile()
  set(${out} FALSE PARENT_SCOPE)
endfunction()

# Adds one graded test binary: test objects (or sources) linked against `lib`, with the grading main.
function(course_test_binary target lib variant)
  add_executable(${target} ${ARGN})
  course_variant_links("${variant}" grading course_grading)
  target_link_libraries(${target} PRIVATE ${lib} ${grading})
  course_sanitize(${target} "${variant}")
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/grading/${COURSE_UNIT})
  list(FILTER ARGN INCLUDE REGEX "\\.cpp$")
  if(ARGN)  # compiled here, not linked from test objects
    course_use_test_pch(${target} ${lib} "${variant}")
  endif()
endfunction()

# Adds the library a lab's tests link against: `sources` found first in `dirs`, each
# compiled as an object library of its own (<target>_src_<stem>).
# REUSE lib FRESH files...: a mutant's library, which compiles only the FRESH sources and
# takes every other one's objects from `lib` (built with the same variant).
function(course_lab_library target variant dirs sources libs)
  cmake_parse_arguments(ARG "" "REUSE" "FRESH" ${ARGN})
  course_variant_links("${variant}" links course_support ${libs})
  set(objects "")
  foreach(source IN LISTS sources)
    get_filename_component(stem ${source} NAME_WE)
    if(ARG_REUSE AND NOT source IN_LIST ARG_FRESH)
      list(APPEND objects $<TARGET_OBJECTS:${ARG_REUSE}_src_${stem}>)
      continue()
    endif()
    foreach(dir IN LISTS dirs)
      if(EXISTS ${dir}/${source})
        add_library(${target}_src_${stem} OBJECT ${dir}/${source})
        target_include_directories(${target}_src_${stem} BEFORE PRIVATE ${dirs})
        target_link_libraries(${target}_src_${stem} PRIVATE ${links})
        course_sanitize(${target}_src_${stem} "${variant}")
        list(APPEND objects $<TARGET_OBJECTS:${target}_src_${stem}>)
        break()
      endif()
    endforeach()
  endforeach()
  if(objects)
    add_library(${target} STATIC ${objects})
    set_target_properties(${target} PROPERTIES LINKER_LANGUAGE CXX)
    set(scope PUBLIC)
  else()
    add_library(${target} INTERFACE)  # a header-only lab (templates)
    set(scope INTERFACE)
  endif()
  target_include_directories(${target} BEFORE ${scope} ${dirs})
  target_link_libraries(${target} ${scope} ${links})
  if(objects)  # a header-only lab compiles in the test binary, which is sanitized itself
    course_sanitize(${target} "${variant}")
  endif()
endfunction()

# The student's headers may not define macros that rewrite the graded tests
# (tests/grading/macro_audit.py); the test binary is not built until they pass.
function(course_macro_audit test_target lab_dir tests)
  set(stamp ${CMAKE_CURRENT_BINARY_DIR}/${test_target}.macro-audit)
  file(GLOB headers CONFIGURE_DEPENDS ${lab_dir}/*.hpp ${lab_dir}/*.h)
  set(includes "$<TARGET_PROPERTY:${test_target},INCLUDE_DIRECTORIES>")
  add_custom_command(OUTPUT ${stamp}
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/grading/macro_audit.py
            --cxx ${CMAKE_CXX_COMPILER} --lab-dir ${lab_dir} --include-dirs "${includes}"
            --tests "${tests}" --stamp ${stamp}
    DEPENDS ${headers} ${tests} ${PROJECT_SOURCE_DIR}/tests/grading/macro_audit.py
    COMMENT "Checking that ${COURSE_UNIT}'s headers leave the graded tests' macros alone"
    VERBATIM)
  add_custom_target(${test_target}_macro_audit DEPENDS ${stamp})
  add_dependencies(${test_target} ${test_target}_macro_audit)
endfunction()

# course_lab(SOURCES a.cpp ... TESTS t.cpp ... [SPEEDUP_TESTS s.cpp ...] [LIBS ...]
#            [TIMEOUT s] [SPEEDUP_TIMEOUT s] [RANKS n ...] [NO_TSAN] [NO_ASAN] [OWN_TSAN])
# Called in tests/NN-name/CMakeLists.txt. Builds the graded tests against the
# student's labs/NN-name; in the check build also against solutions/NN-name (plain,
# ThreadSanitizer, ASan+UBSan), and grades them through the grader: the solutions must
# earn full marks and the untouched stubs nothing.
# RANKS: an MPI lab; the grader runs every test through mpiexec at each rank count.
# OWN_TSAN: in the student's tsan preset the lab registers a race-checked build of its own.
function(course_lab)
  cmake_parse_arguments(ARG "NO_TSAN;NO_ASAN;OWN_TSAN" "TIMEOUT;SPEEDUP_TIMEOUT" "SOURCES;TESTS;SPEEDUP_TESTS;LIBS;RANKS" ${ARGN})
  course_unit_from_folder()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 10)
  endif()
  if(NOT ARG_SPEEDUP_TIMEOUT)
    set(ARG_SPEEDUP_TIMEOUT 120)  # calibration plus up to 3 attempts of 6 pairs
  endif()
  set(COURSE_LAB_RANKS "${ARG_RANKS}")
  set(lab_dir ${PROJECT_SOURCE_DIR}/labs/${COURSE_UNIT})
  set(solution_dir ${PROJECT_SOURCE_DIR}/solutions/${COURSE_UNIT})
  list(TRANSFORM ARG_TESTS PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/)
  list(TRANSFORM ARG_SPEEDUP_TESTS PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/)

  # A lab that cannot run under the student's sanitizer preset (fork after threads under
  # ThreadSanitizer, stack switching under either) is listed with the reason instead.
  if(ARG_OWN_TSAN AND COURSE_SANITIZER STREQUAL "tsan")
    return()  # the lab's CMakeLists.txt registers its own race-checked build (lab 10: Archer)
  endif()
  if((ARG_NO_TSAN AND COURSE_SANITIZER STREQUAL "tsan") OR (ARG_NO_ASAN AND COURSE_SANITIZER STREQUAL "asan"))
    set(spec "{}")
    string(JSON spec SET "${spec}" lab "\"${COURSE_NN}\"")
    string(JSON spec SET "${spec}" folder "\"${COURSE_UNIT}\"")
    string(JSON spec SET "${spec}" unavailable "\"lab ${COURSE_NN} has no ${COURSE_SANITIZER} build: see its README (the lesson says why)\"")
    set_property(GLOBAL APPEND PROPERTY COURSE_LABS "${spec}")
    return()
  endif()

  # What the student grades: the lab as it stands in labs/. (In the tsan and asan presets
  # every target is instrumented by the global flags, so no variant is needed here.)
  set(sanitized "")
  if(COURSE_SANITIZER)
    set(sanitized ${COURSE_SANITIZER})
  endif()
  course_lab_library(lab_${COURSE_NN} "" "${lab_dir}" "${ARG_SOURCES}" "${ARG_LIBS}")
  set(lab_tests ${ARG_TESTS})
  set(lab_speedup_tests ${ARG_SPEEDUP_TESTS})
  if(COURSE_CHECK)  # untouched stubs with the solution's headers: its test objects serve
    course_same_headers(${lab_dir} ${solution_dir} same)
    if(same)
      course_objects_named(lab_tests solution_${COURSE_NN}_objects ${ARG_TESTS})
      course_objects_named(lab_speedup_tests solution_${COURSE_NN}_speedup_objects ${ARG_SPEEDUP_TESTS})
    endif()
  endif()
  course_test_binary(lab_${COURSE_NN}_tests lab_${COURSE_NN} "" ${lab_tests})
  course_macro_audit(lab_${COURSE_NN}_tests ${lab_dir} "${ARG_TESTS};${ARG_SPEEDUP_TESTS}")
  course_binary_json(binary lab_${COURSE_NN}_tests tests ${ARG_TIMEOUT} "${sanitized}" "${ARG_TESTS}")
  set(lab_binaries "${binary}")
  if(ARG_SPEEDUP_TESTS AND NOT COURSE_SANITIZER)  # speedup is never measured under a sanitizer
    course_test_binary(lab_${COURSE_NN}_speedup lab_${COURSE_NN} "" ${lab_speedup_tests})
    add_dependencies(lab_${COURSE_NN}_speedup lab_${COURSE_NN}_tests_macro_audit)
    course_binary_json(binary lab_${COURSE_NN}_speedup speedup ${ARG_SPEEDUP_TIMEOUT} "" "${ARG_SPEEDUP_TESTS}")
    list(APPEND lab_binaries "${binary}")
  endif()
  course_spec_json(spec ${lab_binaries})
  set(targets lab_${COURSE_NN}_tests)
  if(TARGET lab_${COURSE_NN}_speedup)
    list(APPEND targets lab_${COURSE_NN}_speedup)
  endif()
  course_json_list(targets_json ${targets})
  string(JSON spec SET "${spec}" targets "${targets_json}")
  set_property(GLOBAL APPEND PROPERTY COURSE_LABS "${spec}")

  if(NOT COURSE_CHECK)
    return()
  endif()

  # The course's own check, direction 1: the untouched stubs score zero, through the grader.
  course_spec_json(stubs ${lab_binaries})
  course_check_test(${COURSE_NN}.stubs_score_zero stubs "${stubs}" --expect-zero)

  # Direction 2: the reference solution earns full marks, plain and sanitized, through
  # the same grader a student's submission goes through.
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
    course_test_objects(objects solution_${COURSE_NN}_objects${suffix} solution_${COURSE_NN}${suffix} "${sanitizer}"
                        ${ARG_TESTS})
    course_test_binary(solution_${COURSE_NN}_tests${suffix} solution_${COURSE_NN}${suffix} "${sanitizer}" ${objects})
    course_binary_json(binary solution_${COURSE_NN}_tests${suffix} tests ${ARG_TIMEOUT} "${sanitizer}" "${ARG_TESTS}")
    course_spec_json(spec "${binary}")
    set(label solution)
    if(sanitizer)
      set(label ${sanitizer})
    endif()
    course_check_test(${COURSE_NN}.solution.${variant} ${label} "${spec}" --expect-full)
  endforeach()
  if(ARG_SPEEDUP_TESTS)
    course_test_objects(objects solution_${COURSE_NN}_speedup_objects solution_${COURSE_NN} "" ${ARG_SPEEDUP_TESTS})
    course_test_binary(solution_${COURSE_NN}_speedup solution_${COURSE_NN} "" ${objects})
    course_binary_json(binary solution_${COURSE_NN}_speedup speedup ${ARG_SPEEDUP_TIMEOUT} "" "${ARG_SPEEDUP_TESTS}")
    string(JSON binary SET "${binary}" environment COURSE_SPEEDUP_STRICT "\"1\"")
    course_spec_json(spec "${binary}")
    course_check_test(${COURSE_NN}.speedup speedup "${spec}" --expect-full)
    set_tests_properties(${COURSE_NN}.speedup PROPERTIES RUN_SERIAL TRUE)
  endif()
  set(COURSE_LAB_SOURCES "${ARG_SOURCES}" PARENT_SCOPE)
  set(COURSE_LAB_TESTS "${ARG_TESTS}" PARENT_SCOPE)
  set(COURSE_LAB_LIBS "${ARG_LIBS}" PARENT_SCOPE)
  set(COURSE_LAB_TIMEOUT "${ARG_TIMEOUT}" PARENT_SCOPE)
  set(COURSE_LAB_SPEEDUP_TESTS "${ARG_SPEEDUP_TESTS}" PARENT_SCOPE)
  set(COURSE_LAB_SPEEDUP_TIMEOUT "${ARG_SPEEDUP_TIMEOUT}" PARENT_SCOPE)
  set(COURSE_LAB_RANKS "${ARG_RANKS}" PARENT_SCOPE)
endfunction()

# A mutant's test sources: each test that includes the mutated file compiles again, the
# others are the solution's objects (compiled by course_test_objects as `objects_target`).
function(course_mutant_tests out objects_target replaced dirs)
  set(result "")
  foreach(test IN LISTS ARGN)
    get_filename_component(stem ${test} NAME_WE)
    course_reaches(${test} ${replaced} "${dirs}" reaches)
    if(reaches)
      list(APPEND result ${test})
    else()
      list(APPEND result $<TARGET_OBJECTS:${objects_target}_${stem}>)
    endif()
  endforeach()
  set(${out} ${result} PARENT_SCOPE)
endfunction()

# course_mutant(name REPLACES file [SANITIZER thread|address] [TIMEOUT s] [SPEEDUP] [TASK n])
# A classic wrong implementation: the solution's `file` with one bug put in, as the
# blocks of tests/NN-name/mutants/<name>.mutant say (see tests/grading/mutate.py). The
# mutant file also says which tests it must lose, and why, in lines like
#   # EXPECT-LOSS: Suite.Test: data race
# The check grades it and proves exactly those tests lose their points, each for a
# reason matching the text after the second colon, while every other test keeps them.
# SPEEDUP: grade the lab's speedup tests too (a mistake only timing shows: a static
# schedule on unbalanced work), run alone; TASK n: only task n's tests.
function(course_mutant name)
  cmake_parse_arguments(ARG "SPEEDUP" "REPLACES;SANITIZER;TIMEOUT;TASK" "" ${ARGN})
  if(NOT COURSE_CHECK)
    return()
  endif()
  course_unit_from_folder()
  set(mutant_file ${CMAKE_CURRENT_SOURCE_DIR}/mutants/${name}.mutant)
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
  set(mutant_dir ${CMAKE_CURRENT_BINARY_DIR}/mutants/${name})
  set(mutate ${PROJECT_SOURCE_DIR}/tests/grading/mutate.py)
  execute_process(
    COMMAND ${Python3_EXECUTABLE} ${mutate} ${solution_file} ${mutant_file} ${mutant_dir}/${ARG_REPLACES}
    RESULT_VARIABLE failed ERROR_VARIABLE why)
  if(failed)
    message(FATAL_ERROR "mutant ${COURSE_NN}/${name}: ${why}")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${solution_file} ${mutant_file} ${mutate})

  set(solution_dirs ${PROJECT_SOURCE_DIR}/solutions/${COURSE_UNIT} ${PROJECT_SOURCE_DIR}/labs/${COURSE_UNIT})
  set(dirs ${mutant_dir} ${solution_dirs})
  set(target mutant_${COURSE_NN}_${name})
  set(suffix "")
  if(variant)
    set(suffix "_${variant}")
  endif()
  if(NOT TARGET solution_${COURSE_NN}${suffix})
    message(FATAL_ERROR "mutant ${COURSE_NN}/${name}: lab ${COURSE_NN} has no ${variant} build of its solution")
  endif()
  # Only what the bug reaches compiles again: the mutated file, and every lab source and
  # test that includes it; the rest links the solution's objects of the same variant.
  set(fresh "")
  foreach(source IN LISTS COURSE_LAB_SOURCES)
    set(reaches FALSE)
    foreach(dir IN LISTS solution_dirs)
      if(EXISTS ${dir}/${source})
        course_reaches(${dir}/${source} ${ARG_REPLACES} "${solution_dirs}" reaches)
        break()
      endif()
    endforeach()
    if(source STREQUAL ARG_REPLACES OR reaches)
      list(APPEND fresh ${source})
    endif()
  endforeach()
  course_lab_library(${target} "${variant}" "${dirs}" "${COURSE_LAB_SOURCES}" "${COURSE_LAB_LIBS}"
                     REUSE solution_${COURSE_NN}${suffix} FRESH ${fresh})
  course_mutant_tests(tests solution_${COURSE_NN}_objects${suffix} ${ARG_REPLACES} "${solution_dirs}" ${COURSE_LAB_TESTS})
  course_test_binary(${target}_tests ${target} "${variant}" ${tests})
  course_binary_json(binary ${target}_tests tests ${ARG_TIMEOUT} "${variant}" "${COURSE_LAB_TESTS}")
  set(binaries "${binary}")
  if(ARG_SPEEDUP)
    course_mutant_tests(tests solution_${COURSE_NN}_speedup_objects ${ARG_REPLACES} "${solution_dirs}"
                        ${COURSE_LAB_SPEEDUP_TESTS})
    course_test_binary(${target}_speedup ${target} "" ${tests})
    course_binary_json(binary ${target}_speedup speedup ${COURSE_LAB_SPEEDUP_TIMEOUT} "" "${COURSE_LAB_SPEEDUP_TESTS}")
    list(APPEND binaries "${binary}")
  endif()
  course_spec_json(spec ${binaries})
  set(task "")
  if(ARG_TASK)
    set(task --task ${ARG_TASK})
  endif()
  course_check_test(${COURSE_NN}.mutant.${name} mutant "${spec}" ${task} --expect-mutant ${mutant_file})
  # A mutant whose tests hang waits out each one's time limit; CTest starts the costliest
  # tests first (COST), so these waits overlap the rest of the check instead of ending it.
  file(STRINGS ${mutant_file} hangs REGEX "^# (EXPECT-LOSS|MAY-LOSE): .*timed out")
  list(LENGTH hangs hang_count)
  if(hang_count)
    math(EXPR cost "${hang_count} * ${ARG_TIMEOUT}")
    set_tests_properties(${COURSE_NN}.mutant.${name} PROPERTIES COST ${cost})
  endif()
  if(ARG_SPEEDUP)
    set_tests_properties(${COURSE_NN}.mutant.${name} PROPERTIES RUN_SERIAL TRUE)
  endif()
endfunction()

# Writes build/<preset>/course-manifest.json: the demos and labs this build has,
# with the paths of their binaries, for the `course` CLI and the grader.
function(course_write_manifest)
  get_property(demos GLOBAL PROPERTY COURSE_DEMOS)
  get_property(labs GLOBAL PROPERTY COURSE_LABS)
  set(json "{}")
  string(JSON json SET "${json}" source_dir "\"${PROJECT_SOURCE_DIR}\"")
  string(JSON json SET "${json}" sanitizer "\"${COURSE_SANITIZER}\"")
  string(JSON json SET "${json}" demos "[]")
  string(JSON json SET "${json}" labs "[]")
  set(index 0)
  foreach(demo IN LISTS demos)
    string(JSON json SET "${json}" demos ${index} "${demo}")
    math(EXPR index "${index} + 1")
  endforeach()
  set(index 0)
  foreach(lab IN LISTS labs)
    string(JSON json SET "${json}" labs ${index} "${lab}")
    math(EXPR index "${index} + 1")
  endforeach()
  file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/course-manifest.json CONTENT "${json}\n")
endfunction()
