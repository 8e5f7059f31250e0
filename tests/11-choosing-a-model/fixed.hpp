// How lab 11's tests write a measured number into a failure message: fixed decimals,
// so "took 31.4 ms" reads the same on every run and every machine.
#pragma once

#include <cstdio>
#include <string>

inline std::string fixed(double value, int decimals = 1) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}
