/// @file not_implemented.hpp
/// @brief The exception every lab stub throws until the student writes the function.
#pragma once

#include <stdexcept>
#include <string>

namespace course {

/// Thrown by each function body a student still has to write.
///
/// The grader recognises the text "not implemented yet" and reports the test as
/// "not implemented yet" instead of as a failure, so a fresh clone scores 0 with a
/// friendly reason and never blocks or crashes.
class NotImplemented : public std::logic_error {
public:
    /// @param function the name of the function that still needs writing.
    explicit NotImplemented(const std::string& function)
        : std::logic_error("not implemented yet: " + function) {}
};

}  // namespace course
