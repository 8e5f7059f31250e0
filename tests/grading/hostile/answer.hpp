/// @file answer.hpp
/// @brief The grader's own target practice: a one-function "lab" whose mutants
/// (mutants/*.mutant) each do one hostile thing a student's code could do.
#pragma once

namespace hostile {

/// Returns 42.
int answer();

}  // namespace hostile
