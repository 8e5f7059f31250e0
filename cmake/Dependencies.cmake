# Every dependency comes from the system's package manager. When one is missing,
# configuration stops with one line that names the package to install.
include_guard(GLOBAL)

function(course_missing what debian homebrew)
  message(FATAL_ERROR "${what} not found: install it with `sudo apt-get install ${debian}` "
                      "(Debian/Ubuntu) or `brew install ${homebrew}` (macOS), or run `./course setup`.")
endfunction()

find_package(Threads REQUIRED)

find_package(GTest 1.11 QUIET)
if(NOT GTest_FOUND)
  course_missing("GoogleTest >= 1.11" "libgtest-dev" "googletest")
endif()

find_package(Boost 1.74 QUIET COMPONENTS fiber context thread)
if(NOT Boost_FOUND)
  course_missing("Boost >= 1.74 with Boost.Fiber and Boost.Thread"
                 "libboost-fiber-dev libboost-context-dev libboost-thread-dev" "boost")
endif()

# oneTBB: the production library several lessons compare their hand-written code with.
find_package(TBB QUIET)
if(NOT TBB_FOUND)
  course_missing("oneTBB" "libtbb-dev" "tbb")
endif()

find_package(OpenMP QUIET COMPONENTS CXX)
if(NOT OpenMP_CXX_FOUND)
  course_missing("OpenMP" "libomp-dev (or use g++)" "libomp")
endif()

# Open MPI: lesson 12 (MPI::MPI_CXX, MPIEXEC_EXECUTABLE, MPIEXEC_NUMPROC_FLAG).
find_package(MPI QUIET COMPONENTS CXX)
if(NOT MPI_CXX_FOUND)
  course_missing("MPI (Open MPI)" "openmpi-bin libopenmpi-dev" "open-mpi")
endif()

find_package(Python3 3.8 QUIET COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  course_missing("Python 3 (for the grader)" "python3" "python")
endif()

# Optional: only the docs site needs it.
find_package(Doxygen 1.9 QUIET)
