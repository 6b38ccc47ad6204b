//===- Names.h - Function names as code and traces spell them -------------===//
#ifndef HOTPATH_MODEL_NAMES_H
#define HOTPATH_MODEL_NAMES_H

#include <string>

namespace hotpath {

/// "ns::Class::f" from "ns::Class::f(int) const" or "ns::Class::f": the form
/// in which Clang's signatures, perf's parameterless symbols and demangled
/// DWARF names can be compared. "operator()" keeps its parentheses.
std::string withoutParameters(const std::string &Name);

} // namespace hotpath

#endif
