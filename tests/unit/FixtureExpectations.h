//===- FixtureExpectations.h - Inline expectations in rule fixtures -------===//
//
// Fixtures carry their expectations as clang-tidy does:
//   foo(x);
//   // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: message substring [rule-id]
// and any finding that no CHECK-MESSAGES line expects fails the test.
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_TESTS_FIXTUREEXPECTATIONS_H
#define HOTPATH_TESTS_FIXTUREEXPECTATIONS_H

#include "model/Finding.h"

#include <string>
#include <vector>

namespace hotpath::test {

struct Expectation {
  unsigned Line = 0;
  unsigned Column = 0;
  std::string MessagePart;
  std::string RuleId;
  unsigned DeclaredAt = 0; ///< line of the CHECK-MESSAGES comment
};

/// Parses the CHECK-MESSAGES lines of a fixture.
std::vector<Expectation> parseExpectations(const std::string &Source);

/// Compares findings with expectations; returns one line per problem (a
/// missing finding, an unexpected finding, a wrong message). Empty: all good.
std::vector<std::string> compare(const std::vector<Expectation> &Expected,
                                 const std::vector<Finding> &Actual);

std::string readFile(const std::string &Path);

} // namespace hotpath::test

#endif
