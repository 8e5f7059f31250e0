// The honest answer; each mutant replaces the marked line with something hostile.
#include "answer.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <gtest/gtest.h>
#include <unistd.h>

int hostile::answer() {
    return 42;  // the honest line
}
