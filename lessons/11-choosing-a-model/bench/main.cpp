/// @file main.cpp
/// @brief course_bench: runs the benchmark's rows in interleaved rounds, prints the table, saves CSV and JSON.
///
///   course_bench [--quick] [--rounds N] [--out DIR] [--python PROGRAM | --no-python] [SECTION...]
///
/// `./course bench` runs it (tools/bench.py draws the plots and compares two runs). Every
/// row runs once per round, round after round, so that a slow moment of a shared machine
/// lands on one repetition of many rows instead of on every repetition of one row; each
/// figure is then the median of its rounds, printed with the fastest and the slowest.
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include <boost/version.hpp>
#include <nlohmann/json.hpp>

#include "bench.hpp"
#include "course/cores.hpp"

namespace {

using bench::Registry;
using bench::Row;

struct Section {
    const char* name;
    const char* title;
    void (*add)(Registry&);
};

// In the order they are measured and printed.
const Section sections[] = {
    {"startup", "Start-up: create one unit, let it finish, wait for it", bench::add_startup},
    {"switch", "Switch: pass control from one unit to another (each row says what one step is)", bench::add_switching},
    {"memory", "Memory: resident bytes per live unit", bench::add_memory},
    {"io", "IO-bound scaling: N tasks that each wait 10 ms (one wait = 10 ms)", bench::add_io_scaling},
    {"cpu", "CPU-bound scaling: the same sum on 1 ... P workers", bench::add_cpu_scaling},
    {"transfer", "Data transfer: hand a buffer to another thread, process or rank", bench::add_transfer},
    {"python", "The Python tutorial's examples beside their C++ twins", bench::add_twins},
};

int usage(const std::string& why) {
    if (!why.empty()) std::cerr << "course_bench: " << why << "\n";
    std::cerr << "usage: course_bench [--quick] [--rounds N] [--out DIR] [--python PROGRAM | --no-python] [SECTION...]\n"
                 "  SECTION: startup switch memory io cpu transfer python (default: all)\n"
                 "  --quick   fewer rounds and smaller counts (under a minute on 2 cores)\n"
                 "  --rounds  repetitions of every row, 1 to 50 (default 7, --quick 3)\n"
                 "  --out     write results.json and results.csv there\n";
    return 2;
}

bool whole_number(const std::string& text, int low, int high, int& value) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 4) return false;
    value = std::stoi(text);
    return value >= low && value <= high;
}

// A program on PATH, or "" (posix_spawnp would find it too, but the table says which one ran).
std::string on_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const std::size_t end = std::min(dirs.find(':', start), dirs.size());
        const std::string candidate = dirs.substr(start, end - start) + "/" + name;
        if (end > start && access(candidate.c_str(), X_OK) == 0) return candidate;
        start = end + 1;
    }
    return "";
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown (no model name in /proc/cpuinfo)";
}

nlohmann::json describe_machine(const bench::Settings& settings) {
    const course::CoreCount cores = course::count_cores();
    utsname name{};
    uname(&name);
    std::string python = settings.no_python_why;
    if (!settings.python.empty()) {
        try {
            python = first_line(bench::run_program({settings.python, "-c", "import sys; print(sys.version)"}, 20));
        } catch (const bench::Skip& error) {
            python = error.what();
        }
    }
    return {
        {"cpu", cpu_model()},
        {"cores", {{"usable", cores.usable}, {"hardware_threads", cores.hardware_threads}, {"affinity", cores.affinity},
                   {"quota", cores.quota}, {"physical", cores.physical}, {"how", cores.how}}},
        {"os", std::string(name.sysname) + " " + name.release + " " + name.machine},
        {"compiler", std::string(
#ifdef __clang__
                         "Clang "
#else
                         "GCC "
#endif
                         __VERSION__)},
        {"boost", std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) + "." +
                      std::to_string(BOOST_VERSION % 100)},
        {"python", python},
    };
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::string fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

// Runs every row once per round; a derived row divides two rows' figures of the same round.
double run_rounds(Registry& registry, int rounds) {
    auto& rows = registry.rows();
    const double started = bench::now_s();
    for (int round = 0; round < rounds; ++round) {
        const double round_started = bench::now_s();
        for (Row& row : rows) {
            if (!row.run || !row.skipped.empty() || round >= row.max_rounds) continue;
            const double t0 = bench::now_s();
            try {
                row.values.push_back(row.run(row));
            } catch (const bench::Skip& why) {
                row.skipped = why.what();
            } catch (const std::exception& error) {
                row.skipped = std::string("failed: ") + error.what();
            }
            row.seconds += bench::now_s() - t0;
        }
        for (Row& row : rows) {
            if (row.run) continue;
            const auto find = [&](const std::string& id) -> const Row* {
                for (const Row& other : rows)
                    if (other.id == id) return &other;
                return nullptr;
            };
            const Row* over = find(row.over);
            const Row* under = find(row.under);
            const auto ran_now = [&](const Row* r) {
                return r && static_cast<int>(r->values.size()) == std::min(round + 1, r->max_rounds) &&
                       round < r->max_rounds && r->values.back() > 0;
            };
            if (ran_now(over) && ran_now(under)) row.values.push_back(over->values.back() / under->values.back());
        }
        std::cerr << "course_bench: round " << round + 1 << " of " << rounds << " took "
                  << fixed(bench::now_s() - round_started, 1) << " s\n";
    }
    for (Row& row : rows) {
        if (row.run || !row.values.empty() || !row.skipped.empty()) continue;
        for (const std::string& id : {row.over, row.under})
            for (const Row& other : rows)
                if (other.id == id && row.skipped.empty() && !other.skipped.empty())
                    row.skipped = "needs " + id + ", skipped: " + other.skipped;
        if (row.skipped.empty()) row.skipped = "needs " + row.over + " and " + row.under + " in the same round";
    }
    return bench::now_s() - started;
}

std::string section_of(const std::string& id) { return id.substr(0, id.find('.')); }

void print_table(Registry& registry) {
    int width = 0;
    for (const Row& row : registry.rows()) width = std::max(width, static_cast<int>(row.label.size()));
    std::string current;
    for (const Row& row : registry.rows()) {
        const std::string section = section_of(row.id);
        if (section != current) {
            current = section;
            for (const Section& s : sections)
                if (section == s.name) std::printf("\n%s\n", s.title);
        }
        if (!row.skipped.empty()) {
            std::printf("  %-*s skipped: %s\n", width, row.label.c_str(), row.skipped.c_str());
            continue;
        }
        const auto [low, high] = std::minmax_element(row.values.begin(), row.values.end());
        const double mid = median(row.values);
        std::string range = "[" + fixed(*low, row.decimals) + " - " + fixed(*high, row.decimals) + "]";
        std::string extra = row.note;
        if (row.bytes > 0 && mid > 0) extra = fixed(row.bytes / (mid * 1e6), 2) + " GB/s; " + extra;
        std::printf("  %-*s %12s %-5s %-24s %s\n", width, row.label.c_str(), fixed(mid, row.decimals).c_str(),
                    row.unit.c_str(), range.c_str(), extra.c_str());
    }
}

nlohmann::json row_json(const Row& row) {
    nlohmann::json out = {{"id", row.id},         {"label", row.label}, {"unit", row.unit},
                          {"decimals", row.decimals}, {"values", row.values}, {"note", row.note},
                          {"seconds", row.seconds}};
    if (!row.skipped.empty()) out["skipped"] = row.skipped;
    if (!row.values.empty()) {
        const auto [low, high] = std::minmax_element(row.values.begin(), row.values.end());
        out["median"] = median(row.values), out["min"] = *low, out["max"] = *high;
    }
    if (row.bytes > 0) out["bytes"] = row.bytes;
    return out;
}

std::string csv_field(const std::string& text) {
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

bool save(Registry& registry, const std::filesystem::path& dir, const nlohmann::json& machine, double seconds) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    nlohmann::json rows = nlohmann::json::array();
    for (const Row& row : registry.rows()) rows.push_back(row_json(row));
    char when[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    const nlohmann::json results = {{"format", 1},
                                    {"date", when},
                                    {"machine", machine},
                                    {"quick", registry.settings().quick},
                                    {"rounds", registry.settings().rounds},
                                    {"seconds", seconds},
                                    {"rows", rows}};
    std::ofstream json(dir / "results.json");
    json << results.dump(1) << "\n";
    std::ofstream csv(dir / "results.csv");
    csv << "id,label,unit,median,min,max,rounds,skipped,note\n";
    for (const Row& row : registry.rows()) {
        const nlohmann::json r = row_json(row);
        const auto number = [&](const char* key) { return r.contains(key) ? fixed(r[key].get<double>(), 6) : ""; };
        csv << row.id << "," << csv_field(row.label) << "," << row.unit << "," << number("median") << ","
            << number("min") << "," << number("max") << "," << row.values.size() << "," << csv_field(row.skipped)
            << "," << csv_field(row.note) << "\n";
    }
    return json.good() && csv.good();
}

}  // namespace

int main(int argc, char** argv) {
    bench::Settings settings;
    std::string out_dir;
    std::vector<std::string> wanted;
    bool rounds_given = false, no_python = false;
    settings.python = on_path("python3");
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--quick") {
            settings.quick = true;
        } else if (arg == "--rounds") {
            if (!has_value || !whole_number(argv[++i], 1, 50, settings.rounds)) return usage("--rounds takes a whole number from 1 to 50");
            rounds_given = true;
        } else if (arg == "--out" && has_value) {
            out_dir = argv[++i];
        } else if (arg == "--python" && has_value) {
            settings.python = argv[++i];
        } else if (arg == "--no-python") {
            no_python = true;
        } else if (arg == "-h" || arg == "--help") {
            return usage(""), 0;
        } else if (!arg.empty() && arg[0] == '-') {
            return usage("unknown option " + arg);
        } else {
            const bool known = std::any_of(std::begin(sections), std::end(sections),
                                           [&](const Section& s) { return arg == s.name; });
            if (!known) return usage("no benchmark section is called '" + arg + "'");
            wanted.push_back(arg);
        }
    }
    if (no_python) settings.python.clear(), settings.no_python_why = "left out by --no-python";
    if (!rounds_given) settings.rounds = settings.quick ? 3 : 7;
    settings.cores = course::usable_cores();
    settings.python_dir = COURSE_BENCH_PYTHON_DIR;
    settings.helper = (std::filesystem::path(argv[0]).parent_path() / "bench_helper").string();
    settings.mpiexec = access(COURSE_BENCH_MPIEXEC, X_OK) == 0 ? COURSE_BENCH_MPIEXEC : "";
    if (geteuid() == 0) {  // Open MPI refuses to start as root unless told it is meant
        setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 0);
        setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 0);
    }

    Registry registry(settings);
    for (const Section& section : sections)
        if (wanted.empty() || std::find(wanted.begin(), wanted.end(), section.name) != wanted.end())
            section.add(registry);
    const nlohmann::json machine = describe_machine(settings);
    std::cerr << "course_bench: " << registry.rows().size() << " rows, " << settings.rounds << " rounds, "
              << settings.cores << " usable cores (" << machine["cores"]["how"].get<std::string>() << ")\n";
    const double seconds = run_rounds(registry, settings.rounds);

    std::printf("Machine: %s; %u usable cores; %s; Boost %s; Python: %s\n", machine["cpu"].get<std::string>().c_str(),
                settings.cores, machine["compiler"].get<std::string>().c_str(),
                machine["boost"].get<std::string>().c_str(), machine["python"].get<std::string>().c_str());
    if (settings.rounds == 1)
        std::printf("Each figure: one measurement (--rounds 1). Measured in %.0f s.\n", seconds);
    else
        std::printf("Each figure: the median of up to %d rounds, [fastest - slowest]. Measured in %.0f s.\n",
                    settings.rounds, seconds);
    print_table(registry);
    if (!out_dir.empty() && !save(registry, out_dir, machine, seconds)) {
        std::fprintf(stderr, "course_bench: could not write the results in %s\n", out_dir.c_str());
        return 1;
    }
    return 0;
}
