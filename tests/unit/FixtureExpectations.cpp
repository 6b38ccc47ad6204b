//===- FixtureExpectations.cpp --------------------------------------------===//
#include "FixtureExpectations.h"

#include <fstream>
#include <regex>
#include <sstream>

namespace hotpath::test {

std::string readFile(const std::string &Path) {
  std::ifstream In(Path);
  std::stringstream SS;
  SS << In.rdbuf();
  return SS.str();
}

std::vector<Expectation> parseExpectations(const std::string &Source) {
  static const std::regex Check(
      R"(CHECK-MESSAGES: :\[\[@LINE([+-]\d+)?\]\]:(\d+): warning: (.*) \[([a-z0-9-]+)\]\s*$)");
  std::vector<Expectation> Out;
  std::istringstream In(Source);
  std::string Line;
  unsigned Number = 0;
  while (std::getline(In, Line)) {
    ++Number;
    std::smatch M;
    if (!std::regex_search(Line, M, Check))
      continue;
    Expectation E;
    E.DeclaredAt = Number;
    E.Line = Number + (M[1].matched ? std::stoi(M[1].str()) : 0);
    E.Column = std::stoul(M[2].str());
    E.MessagePart = M[3].str();
    E.RuleId = M[4].str();
    Out.push_back(E);
  }
  return Out;
}

std::vector<std::string> compare(const std::vector<Expectation> &Expected,
                                 const std::vector<Finding> &Actual) {
  std::vector<std::string> Problems;
  std::vector<bool> Used(Actual.size(), false);
  for (const Expectation &E : Expected) {
    bool Found = false;
    for (size_t I = 0; I < Actual.size() && !Found; ++I) {
      const Finding &F = Actual[I];
      if (Used[I] || F.Location.Line != E.Line ||
          F.Location.Column != E.Column || F.RuleId != E.RuleId)
        continue;
      Used[I] = Found = true;
      if (F.Message.find(E.MessagePart) == std::string::npos)
        Problems.push_back("line " + std::to_string(E.Line) + ": message '" +
                           F.Message + "' does not contain '" + E.MessagePart +
                           "'");
    }
    if (!Found)
      Problems.push_back("missing finding expected by line " +
                         std::to_string(E.DeclaredAt) + ": " +
                         std::to_string(E.Line) + ":" +
                         std::to_string(E.Column) + " [" + E.RuleId + "]");
  }
  for (size_t I = 0; I < Actual.size(); ++I)
    if (!Used[I])
      Problems.push_back("unexpected finding " + Actual[I].Location.File + ":" +
                         std::to_string(Actual[I].Location.Line) + ":" +
                         std::to_string(Actual[I].Location.Column) + ": " +
                         Actual[I].Message + " [" + Actual[I].RuleId + "]");
  return Problems;
}

} // namespace hotpath::test
