/// @file bench.hpp
/// @brief The benchmark's rows, the registry they are added to, and small helpers shared by the sections.
///
/// A row measures one figure once per round (`run` returns it, in the row's unit).
/// main.cpp runs round 1 of every row, then round 2, and so on, so that slow drifts of a
/// shared machine (another job starting, the CPU clocking down) spread over every row
/// instead of landing on one. A row that cannot run throws Skip with the reason.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace bench {

/// Thrown by a row that cannot run here; the reason is printed and saved.
struct Skip : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Row;
using Measure = std::function<double(Row&)>;

/// One figure of the table.
struct Row {
    std::string id;         ///< stable key, "section.name[.size]": the CSV/JSON key and what --compare matches
    std::string label;      ///< what the table prints
    std::string unit;       ///< "us/thread", "ms", "x" ...
    int decimals = 1;       ///< how the table formats it
    Measure run;            ///< one measurement (empty for a derived row)
    int max_rounds = 1000;  ///< expensive rows run in the first rounds only
    std::string over, under;  ///< a derived row: per round, value(over) / value(under)
    std::vector<double> values;
    std::string skipped;    ///< why it did not run ("" if it did)
    std::string note;       ///< what the reader must know (what was measured, the count reached)
    double bytes = 0;       ///< a transfer row: bytes moved (the table adds GB/s)
    double seconds = 0;     ///< time spent measuring it, every round together (to keep --quick quick)
};

/// Everything the sections need to know about this run.
struct Settings {
    bool quick = false;
    int rounds = 7;
    unsigned cores = 1;          ///< usable cores (course::count_cores)
    std::string python;          ///< the interpreter for the Python rows ("" when none)
    std::string no_python_why = "python3 not found";  ///< why, when python is ""
    std::string python_dir;      ///< where the Python programs are
    std::string helper;          ///< bench_helper: the OpenMP and MPI rows
    std::string mpiexec;         ///< "" when none
};

/// The rows, in the order they are measured and printed.
class Registry {
public:
    explicit Registry(const Settings& settings) : settings_(settings) {}
    const Settings& settings() const { return settings_; }

    Row& add(std::string id, std::string label, std::string unit, int decimals, Measure run, int max_rounds = 1000) {
        Row row;
        row.id = std::move(id), row.label = std::move(label), row.unit = std::move(unit);
        row.decimals = decimals, row.run = std::move(run), row.max_rounds = max_rounds;
        rows_.push_back(std::move(row));
        return rows_.back();
    }
    /// A figure computed from two others in the same round (speedups, Python/C++ ratios).
    Row& ratio(std::string id, std::string label, std::string over, std::string under, int decimals = 2) {
        Row& row = add(std::move(id), std::move(label), "x", decimals, {});
        row.over = std::move(over), row.under = std::move(under);
        return row;
    }
    std::vector<Row>& rows() { return rows_; }

private:
    Settings settings_;
    std::vector<Row> rows_;
};

// One function per section, one file each.
void add_startup(Registry& registry);
void add_switching(Registry& registry);
void add_memory(Registry& registry);
void add_io_scaling(Registry& registry);
void add_cpu_scaling(Registry& registry);
void add_transfer(Registry& registry);
void add_twins(Registry& registry);

/// Milliseconds for n tasks that each wait 10 ms: a thread each (throws Skip when the
/// system refuses a thread), a fiber each on this thread, a coroutine each on a one-thread
/// event loop (io_scaling.cpp; twins.cpp times the Python examples' twins with them).
double on_threads(int n);
double on_fibers(int n);
double on_coroutines(int n);

/// Figures one run of a program produced, by name. The first row of a group runs the
/// program (fill); the rows after it in the same round read what it left (get).
struct Group {
    std::map<std::string, double> values;
    std::string failed;  ///< why the last run failed ("" if it did not)
    void fill(const std::function<std::map<std::string, double>()>& run);
    double get(const std::string& key) const;
};

// ---- helpers (util.cpp) -------------------------------------------------------------------

/// Runs a program, returns what it printed on stdout; throws Skip (with its stderr's last
/// line) when it cannot be started, fails or runs longer than `timeout_s`.
std::string run_program(const std::vector<std::string>& argv, double timeout_s = 60);

/// The last line of `output` that parses as a JSON object, flattened to name -> number.
std::map<std::string, double> parse_figures(const std::string& output);

/// This process's resident set (VmRSS in /proc/self/status), in bytes.
long long rss_bytes();

/// Private resident bytes of another process (Private_Clean + Private_Dirty in
/// /proc/PID/smaps_rollup): the memory it does not share with anyone.
long long private_bytes(int pid);

/// fork() + a child that runs `child` and _exit()s with its result; throws Skip when fork fails.
int fork_child(const std::function<int()>& child);

/// Waits for a child; throws Skip when it did not exit with 0.
void reap(int pid, const char* what);

/// Writes/reads exactly `size` bytes (loops over short writes/reads); false on EOF or error.
bool write_all(int fd, const void* data, std::size_t size);
bool read_all(int fd, void* data, std::size_t size);

/// Seconds since the steady clock's epoch, as a double (for simple arithmetic).
double now_s();

}  // namespace bench
