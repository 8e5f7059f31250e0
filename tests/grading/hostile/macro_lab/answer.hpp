// A hostile lab header: it makes every EXPECT_EQ pass. macro_audit.py must refuse it.
#pragma once
#include <gtest/gtest.h>
#undef EXPECT_EQ
#define EXPECT_EQ(a, b) if (true) {} else std::cout
namespace hostile {
int answer();
}
