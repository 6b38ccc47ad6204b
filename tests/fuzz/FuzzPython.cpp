//===- FuzzPython.cpp - libFuzzer target: the Python frontend -------------===//
//
// The fuzz input is a Python source file (any bytes): parsed, its syntax
// errors listed, its facts built and every rule's Python half run on it.
// Must never crash, whatever the nesting or the bytes.
//
//===----------------------------------------------------------------------===//
#include "analyzer/python/PyContext.h"
#include "rules/Rule.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  using namespace hotpath;
  static const RuleSet Rules(createAllRules());
  std::unique_ptr<py::Tree> T =
      py::Tree::parse(std::string(reinterpret_cast<const char *>(Data), Size));
  if (!T)
    return 0;
  (void)T->errors();
  py::ProjectClasses Classes;
  Classes.add(*T);
  py::ModuleFacts Facts(*T, Classes);
  py::PyContext Ctx(Facts, "fuzz.py");
  FindingsSink Sink;
  Rules.handlePython(Ctx, Sink);
  return 0;
}
