//===- PyCacheText.cpp ----------------------------------------------------===//
#include "analyzer/python/PyCacheText.h"

#include <nlohmann/json.hpp>

namespace hotpath::py {

std::string classesText(const FileClasses &C) {
  nlohmann::json J = nlohmann::json::array();
  for (const auto &[Name, Bases] : C)
    J.push_back({Name, Bases});
  return J.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<FileClasses> classesFrom(const std::string &Text) {
  nlohmann::json J = nlohmann::json::parse(Text, nullptr, false);
  if (J.is_discarded() || !J.is_array())
    return std::nullopt;
  FileClasses Out;
  for (const nlohmann::json &C : J) {
    if (!C.is_array() || C.size() != 2 || !C[0].is_string() || !C[1].is_array())
      return std::nullopt;
    std::vector<std::string> Bases;
    for (const nlohmann::json &B : C[1]) {
      if (!B.is_string())
        return std::nullopt;
      Bases.push_back(B.get<std::string>());
    }
    Out.emplace_back(C[0].get<std::string>(), std::move(Bases));
  }
  return Out;
}

namespace {

nlohmann::json kindJson(const std::optional<Kind> &K) {
  return K ? nlohmann::json(kindName(*K)) : nlohmann::json(nullptr);
}

} // namespace

/// A call table as canonical JSON text: {"name": [[kinds by position],
/// {keyword: kind}, escaped]}, null for a position no site passes.
std::string callsText(const CallTable &T) {
  nlohmann::json J = nlohmann::json::object();
  for (const auto &[Name, Args] : T) {
    nlohmann::json Pos = nlohmann::json::array(), Kw = nlohmann::json::object();
    for (const std::optional<Kind> &K : Args.Positional)
      Pos.push_back(kindJson(K));
    for (const auto &[Key, K] : Args.Keywords)
      Kw[Key] = kindJson(K);
    J[Name] = {Pos, Kw, Args.Escaped};
  }
  return J.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<CallTable> callsFrom(const std::string &Text) {
  nlohmann::json J = nlohmann::json::parse(Text, nullptr, false);
  if (J.is_discarded() || !J.is_object())
    return std::nullopt;
  auto KindOf = [](const nlohmann::json &V, bool &Ok) -> std::optional<Kind> {
    if (V.is_null())
      return std::nullopt;
    std::optional<Kind> K =
        V.is_string() ? kindNamed(V.get<std::string>()) : std::nullopt;
    Ok = Ok && K;
    return K;
  };
  CallTable Out;
  for (const auto &[Name, E] : J.items()) {
    if (!E.is_array() || E.size() != 3 || !E[0].is_array() ||
        !E[1].is_object() || !E[2].is_boolean())
      return std::nullopt;
    CallArgs Args;
    bool Ok = true;
    for (const nlohmann::json &K : E[0])
      Args.Positional.push_back(KindOf(K, Ok));
    for (const auto &[Key, K] : E[1].items())
      Args.Keywords[Key] = KindOf(K, Ok);
    Args.Escaped = E[2].get<bool>();
    if (!Ok)
      return std::nullopt;
    Out[Name] = std::move(Args);
  }
  return Out;
}

} // namespace hotpath::py
