//===- RulesCommand.cpp - hotpath rules -----------------------------------===//
#include "cli/Commands.h"
#include "ranking/PriorityTable.h"
#include "report/ReportUtil.h"
#include "rules/Rule.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

namespace hotpath {

int runRulesCommand(int Argc, const char **Argv) {
  llvm::cl::OptionCategory Cat("hotpath rules options");
  OutputOptions Output(Cat);
  llvm::cl::HideUnrelatedOptions(Cat);
  if (int Rc = parseCommandLine(
          Argc, Argv,
          "list every rule with its category, priority, effort and "
          "summary\n"))
    return Rc;
  std::optional<Format> Fmt = Output.format(/*ReportFormats=*/false);
  if (!Fmt)
    return ExitError;
  llvm::Expected<PriorityTable> Table = PriorityTable::loadBuiltin();
  if (!Table)
    return reportError(llvm::toString(Table.takeError()));
  std::vector<std::unique_ptr<Rule>> Rules = createAllRules();
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  if (*Fmt == Format::Json) {
    nlohmann::ordered_json List = nlohmann::ordered_json::array();
    for (const auto &R : Rules) {
      const CategoryPriority &Row = Table->row(R->category());
      const SpeedupRange *Own = Table->ruleSpeedup(R->id());
      nlohmann::ordered_json J;
      J["id"] = R->id();
      J["category"] = categoryId(R->category());
      J["priority"] = Row.Priority;
      J["effort"] = Row.Effort;
      J["speedup"] = {Own ? Own->Low : Row.SpeedupLow,
                      Own ? Own->High : Row.SpeedupHigh};
      J["summary"] = R->summary().str();
      J["doc"] = "docs/rules/" + R->id() + ".md";
      List.push_back(std::move(J));
    }
    OS << jsonText(nlohmann::ordered_json{{"rules", List}}) << "\n";
  } else {
    size_t Width = 0;
    for (const auto &R : Rules)
      Width = std::max(Width, R->id().size());
    OS << llvm::left_justify("rule", Width) << "  "
       << llvm::left_justify("category", 15) << "  "
       << llvm::left_justify("priority", 8) << "  "
       << llvm::left_justify("effort", 6) << "  summary\n";
    for (const auto &R : Rules) {
      const CategoryPriority &Row = Table->row(R->category());
      OS << llvm::left_justify(R->id(), Width) << "  "
         << llvm::left_justify(categoryId(R->category()), 15) << "  "
         << llvm::left_justify(Row.Priority, 8) << "  "
         << llvm::left_justify(Row.Effort, 6) << "  " << R->summary() << "\n";
    }
    OS << Rules.size()
       << " rules; each is documented in docs/rules/<rule>.md\n";
  }
  OS.flush();
  return Output.write(Text);
}

} // namespace hotpath
