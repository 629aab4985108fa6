#include "rotproof/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "rotproof/address_policy.h"
#include "rotproof/text.h"

namespace rotproof {
namespace {

std::string At(const std::string& source, const YAML::Node& n) {
  return source + ":" + std::to_string(n.Mark().line + 1) + ": ";
}

Status CheckKeys(const YAML::Node& n, const std::vector<std::string>& allowed, const std::string& source) {
  for (const auto& kv : n) {
    std::string key = kv.first.as<std::string>();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      return Status::InvalidInput(At(source, kv.first) + "unknown key '" + key + "'");
  }
  return Status::Ok();
}

Result<std::vector<std::string>> StringList(const YAML::Node& n, const std::string& what, const std::string& source) {
  if (n.IsScalar()) return std::vector<std::string>{n.as<std::string>()};
  if (!n.IsSequence()) return Status::InvalidInput(At(source, n) + what + " must be a list of strings");
  std::vector<std::string> out;
  for (const auto& item : n) {
    if (!item.IsScalar()) return Status::InvalidInput(At(source, item) + what + " must be a list of strings");
    out.push_back(item.as<std::string>());
  }
  return out;
}

Result<HostPolicy> ParseHost(const YAML::Node& n, const std::string& source) {
  if (!n.IsMap()) return Status::InvalidInput(At(source, n) + "a host entry must be a mapping");
  ROTPROOF_RETURN_IF_ERROR(CheckKeys(n, {"match", "referer", "user_agent", "headers", "delay_ms"}, source));
  HostPolicy p;
  if (!n["match"]) return Status::InvalidInput(At(source, n) + "host entry needs 'match'");
  auto match = StringList(n["match"], "match", source);
  if (!match.ok()) return match.status();
  for (std::string m : *match) {
    m = AsciiLower(m);
    p.match.push_back(m);
  }
  if (n["referer"]) p.referer = n["referer"].as<std::string>();
  if (n["user_agent"]) p.user_agent = n["user_agent"].as<std::string>();
  if (n["headers"]) {
    auto headers = StringList(n["headers"], "headers", source);
    if (!headers.ok()) return headers.status();
    for (const std::string& h : *headers)
      if (h.find(':') == std::string::npos || h.find_first_of("\r\n") != std::string::npos)
        return Status::InvalidInput(At(source, n["headers"]) + "header '" + h + "' is not 'Name: value'");
    p.headers = *headers;
  }
  if (n["delay_ms"]) {
    p.delay_ms = n["delay_ms"].as<long>();
    if (p.delay_ms < 0) return Status::InvalidInput(At(source, n["delay_ms"]) + "delay_ms must be >= 0");
  }
  return p;
}

}  // namespace

Result<Config> ParseConfig(const std::string& yaml, const std::string& source) {
  Config c;
  try {
    YAML::Node root = YAML::Load(yaml);
    if (root.IsNull()) return c;
    if (!root.IsMap()) return Status::InvalidInput(source + ":1: the config must be a mapping");
    ROTPROOF_RETURN_IF_ERROR(CheckKeys(root, {"mirrors", "hosts", "allow_private"}, source));
    if (root["allow_private"]) {
      auto allow = StringList(root["allow_private"], "allow_private", source);
      if (!allow.ok()) return allow.status();
      for (const std::string& entry : *allow)
        if (Status st = CheckAllowEntry(entry); !st.ok())
          return Status::InvalidInput(At(source, root["allow_private"]) + "allow_private: " + st.message());
      c.allow_private = *allow;
    }
    if (root["mirrors"]) {
      auto mirrors = StringList(root["mirrors"], "mirrors", source);
      if (!mirrors.ok()) return mirrors.status();
      for (const std::string& m : *mirrors)
        if (m.find("{url}") == std::string::npos)
          return Status::InvalidInput(At(source, root["mirrors"]) + "mirror '" + m + "' has no {url} placeholder");
      c.mirrors = *mirrors;
    }
    if (root["hosts"]) {
      if (!root["hosts"].IsSequence()) return Status::InvalidInput(At(source, root["hosts"]) + "hosts must be a list");
      for (const auto& h : root["hosts"]) {
        auto policy = ParseHost(h, source);
        if (!policy.ok()) return policy.status();
        c.hosts.push_back(std::move(policy).value());
      }
    }
  } catch (const YAML::Exception& e) {
    return Status::InvalidInput(source + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  return c;
}

Result<Config> LoadConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open config file");
  std::ostringstream buf;
  buf << in.rdbuf();
  return ParseConfig(buf.str(), path);
}

}  // namespace rotproof
