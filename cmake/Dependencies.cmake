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

find_package(Boost 1.74 QUIET COMPONENTS fiber context thread filesystem)
if(NOT Boost_FOUND)
  course_missing("Boost >= 1.74 with Boost.Fiber and Boost.Thread"
                 "libboost-fiber-dev libboost-context-dev libboost-thread-dev libboost-filesystem-dev" "boost")
endif()

# Boost.Asio with C++20 coroutines (lesson 09): the target course_asio. Two GCC 12 warnings
# in Boost 1.74's Asio are false alarms under -Werror: -Wtsan (Asio's handler code uses
# std::atomic_thread_fence, which ThreadSanitizer cannot model; the io_context passes
# handlers between threads under a mutex, which it does see) and -Wmismatched-new-delete
# (Asio's coroutine frames use a matched operator new/delete pair that GCC 12 misreads).
# Boost 1.74 enables its coroutines with GCC only: with Clang 14 and libstdc++ it looks for
# <experimental/coroutine>, which libstdc++ lacks; COURSE_ASIO_HAS_CO_AWAIT says which.
include(CheckCXXSourceCompiles)
set(CMAKE_REQUIRED_INCLUDES ${Boost_INCLUDE_DIRS})
check_cxx_source_compiles([[
#include <utility>
#include <boost/asio/awaitable.hpp>
#ifndef BOOST_ASIO_HAS_CO_AWAIT
#error Boost.Asio without C++20 coroutines
#endif
int main() {}
]] COURSE_ASIO_HAS_CO_AWAIT)
unset(CMAKE_REQUIRED_INCLUDES)
add_library(course_asio INTERFACE)
target_link_libraries(course_asio INTERFACE Boost::headers Threads::Threads)
target_compile_options(course_asio INTERFACE $<$<CXX_COMPILER_ID:GNU>:-Wno-tsan -Wno-mismatched-new-delete>)

# nlohmann/json: writing JSON (timeline traces) with correct escaping.
find_package(nlohmann_json 3.2 QUIET)
if(NOT nlohmann_json_FOUND)
  course_missing("nlohmann/json" "nlohmann-json3-dev" "nlohmann-json")
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
