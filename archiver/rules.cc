#include "rotproof/rules.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "rotproof/structure.h"
#include "rotproof/text.h"
#include "rotproof/url.h"

namespace rotproof {
namespace {

#include "default_rules.inc"  // kDefaultRulesYaml, generated from default_rules.yaml

// Makes a carried origin absolute: "//h/x" and "h/x" get the rule's scheme.
std::optional<std::string> Absolutize(std::string origin, const std::string& scheme) {
  if (origin.empty()) return std::nullopt;
  if (origin.rfind("//", 0) == 0) {
    origin = scheme + ":" + origin;
  } else if (origin.find("://") == std::string::npos) {
    origin = scheme + "://" + origin;
  }
  auto parts = SplitUrl(origin);
  if (!parts || parts->host.empty() || parts->host.find('.') == std::string::npos) return std::nullopt;
  return origin;
}

// A parameter value is decoded when it is visibly percent-encoded.
std::string DecodeParam(std::string value) {
  std::string lower = AsciiLower(value);
  bool encoded = lower.find("://") == std::string::npos &&
                 (lower.find("%3a") != std::string::npos || lower.find("%2f") != std::string::npos);
  if (encoded) value = PercentDecode(value);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
  return value;
}

// The raw value of parameter `name` in "a=b&name=v&..." (first or last).
std::optional<std::string> ParamValue(std::string_view params, const std::string& name, bool last) {
  std::optional<std::string> found;
  for (size_t start = 0; start <= params.size();) {
    size_t amp = params.find('&', start);
    std::string_view item = params.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    if (item.size() > name.size() && item.substr(0, name.size()) == name && item[name.size()] == '=') {
      found = std::string(item.substr(name.size() + 1));
      if (!last) break;
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return found;
}

std::optional<std::string> HexDecode(std::string_view hex) {
  if (hex.empty() || hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = HexDigitValue(hex[i]), lo = HexDigitValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

std::string AtLine(const std::string& source, const YAML::Node& node) {
  return source + ":" + std::to_string(node.Mark().line + 1) + ": ";
}

Result<ProxyRule> ParseRule(const YAML::Node& n, const std::string& source) {
  if (!n.IsMap()) return Status::InvalidInput(AtLine(source, n) + "a rule must be a mapping");
  ProxyRule r;
  static const std::vector<std::string> kKeys = {"name", "hosts", "carrier", "param", "prefix", "scheme", "last"};
  for (const auto& kv : n) {
    std::string key = kv.first.as<std::string>();
    if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end())
      return Status::InvalidInput(AtLine(source, kv.first) + "unknown rule key '" + key + "'");
  }
  if (!n["name"] || !n["name"].IsScalar()) return Status::InvalidInput(AtLine(source, n) + "rule needs a 'name'");
  r.name = n["name"].as<std::string>();
  const YAML::Node hosts = n["hosts"];
  if (!hosts || !hosts.IsSequence() || hosts.size() == 0)
    return Status::InvalidInput(AtLine(source, n) + "rule '" + r.name + "' needs a non-empty 'hosts' list");
  for (const auto& h : hosts) r.hosts.push_back(AsciiLower(h.as<std::string>()));
  const YAML::Node carrier = n["carrier"];
  std::string c = carrier ? carrier.as<std::string>() : "";
  if (c == "query") {
    r.carrier = ProxyRule::Carrier::kQuery;
  } else if (c == "param") {
    r.carrier = ProxyRule::Carrier::kParam;
  } else if (c == "path") {
    r.carrier = ProxyRule::Carrier::kPath;
  } else if (c == "host-path") {
    r.carrier = ProxyRule::Carrier::kHostPath;
  } else if (c == "path-param") {
    r.carrier = ProxyRule::Carrier::kPathParam;
  } else if (c == "hex-path") {
    r.carrier = ProxyRule::Carrier::kHexPath;
  } else if (c == "github-route") {
    r.carrier = ProxyRule::Carrier::kGithubRoute;
  } else if (c == "github-blob") {
    r.carrier = ProxyRule::Carrier::kGithubBlob;
  } else {
    return Status::InvalidInput(AtLine(source, carrier ? carrier : n) + "rule '" + r.name +
                                "': carrier must be query, param, path, host-path, path-param, hex-path, "
                                "github-route or github-blob");
  }
  if (n["param"]) r.param = n["param"].as<std::string>();
  if (n["last"]) r.last = n["last"].as<bool>();
  bool needs_param = r.carrier == ProxyRule::Carrier::kParam || r.carrier == ProxyRule::Carrier::kPathParam;
  if (needs_param && r.param.empty())
    return Status::InvalidInput(AtLine(source, n) + "rule '" + r.name + "': carrier '" + c + "' needs 'param'");
  if (n["prefix"]) r.prefix = n["prefix"].as<std::string>();
  if (r.prefix.empty() || r.prefix[0] != '/')
    return Status::InvalidInput(AtLine(source, n["prefix"]) + "rule '" + r.name + "': prefix must start with '/'");
  if (n["scheme"]) r.scheme = n["scheme"].as<std::string>();
  if (r.scheme != "http" && r.scheme != "https")
    return Status::InvalidInput(AtLine(source, n["scheme"]) + "rule '" + r.name + "': scheme must be http or https");
  return r;
}

}  // namespace

RuleSet RuleSet::Defaults() {
  auto parsed = Parse(kDefaultRulesYaml, "default_rules.yaml");
  // The built-in text is part of the program: failing to parse it is a bug.
  if (!parsed.ok()) std::abort();
  return std::move(parsed).value();
}

Result<RuleSet> RuleSet::Parse(const std::string& yaml, const std::string& source) {
  RuleSet set;
  try {
    YAML::Node root = YAML::Load(yaml);
    if (!root.IsMap() || !root["rules"] || !root["rules"].IsSequence())
      return Status::InvalidInput(source + ":1: expected a mapping with a 'rules' list");
    for (const auto& n : root["rules"]) {
      auto rule = ParseRule(n, source);
      if (!rule.ok()) return rule.status();
      set.rules_.push_back(std::move(rule).value());
    }
  } catch (const YAML::Exception& e) {
    return Status::InvalidInput(source + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  return set;
}

Result<RuleSet> RuleSet::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open rules file");
  std::ostringstream buf;
  buf << in.rdbuf();
  return Parse(buf.str(), path);
}

void RuleSet::Append(const RuleSet& other) { rules_.insert(rules_.end(), other.rules_.begin(), other.rules_.end()); }

std::optional<std::string> RuleSet::UnwrapOnce(const std::string& url, std::string* rule_name) const {
  auto parts = SplitUrl(url);
  if (!parts) return std::nullopt;
  for (const ProxyRule& r : rules_) {
    if (std::none_of(r.hosts.begin(), r.hosts.end(), [&](const std::string& h) { return HostMatches(h, parts->host); }))
      continue;
    std::optional<std::string> origin;
    switch (r.carrier) {
      case ProxyRule::Carrier::kQuery:
        if (parts->has_query) origin = Absolutize(url.substr(url.find('?') + 1), r.scheme);
        break;
      case ProxyRule::Carrier::kParam:
        if (auto v = ParamValue(parts->query, r.param, r.last)) origin = Absolutize(DecodeParam(*v), r.scheme);
        break;
      case ProxyRule::Carrier::kPath:
        if (parts->path.rfind(r.prefix, 0) == 0) {
          std::string rest = url.substr(parts->path_offset + r.prefix.size());
          origin = Absolutize(rest, r.scheme);
        }
        break;
      case ProxyRule::Carrier::kHostPath:
        if (parts->path.rfind(r.prefix, 0) == 0) origin = Absolutize(parts->path.substr(r.prefix.size()), r.scheme);
        break;
      case ProxyRule::Carrier::kPathParam:
        if (parts->path.rfind(r.prefix, 0) == 0)
          if (auto v = ParamValue(std::string_view(url).substr(parts->path_offset + r.prefix.size()), r.param, r.last))
            origin = Absolutize(DecodeParam(*v), r.scheme);
        break;
      case ProxyRule::Carrier::kHexPath:
        if (auto v = HexDecode(std::string_view(parts->path).substr(parts->path.rfind('/') + 1)))
          origin = Absolutize(*v, r.scheme);
        break;
      case ProxyRule::Carrier::kGithubRoute:
        if (parts->path.rfind(r.prefix, 0) == 0) origin = GithubRouteOrigin(parts->path.substr(r.prefix.size()));
        break;
      case ProxyRule::Carrier::kGithubBlob:
        origin = GithubBlobOrigin(parts->path);
        break;
    }
    if (origin && *origin != url) {
      if (rule_name != nullptr) *rule_name = r.name;
      return origin;
    }
  }
  return std::nullopt;
}

}  // namespace rotproof
