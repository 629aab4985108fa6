#pragma once
// Proxy rules: how to recover the origin URL from a URL that goes through an
// image proxy. Rules are data (YAML, schemas/rules.schema.json); a built-in
// set covers the proxies seen in real posts.

#include <optional>
#include <string>
#include <vector>

#include "rotproof/status.h"

namespace rotproof {

struct ProxyRule {
  enum class Carrier {
    kQuery,        // the origin is the raw text after the first '?'
    kParam,        // the origin is the value of query parameter `param`
    kPath,         // the origin is the raw path after `prefix`
    kHostPath,     // the path's first segment is the origin host; query dropped
    kPathParam,    // parameters `a=b&c=d` written in the path after `prefix`
    kHexPath,      // the last path segment is the hex-encoded origin (camo)
    kGithubRoute,  // after `prefix`, "<user>/<repo>[@<ref>]/<path>": that GitHub file (jsDelivr)
    kGithubBlob,   // a github.com blob or raw page: its raw file
  };
  std::string name;
  std::vector<std::string> hosts;  // exact hosts; "*.example.com" for suffixes
  Carrier carrier = Carrier::kQuery;
  std::string param;             // kParam/kPathParam: the parameter's name
  bool last = false;             // kParam/kPathParam: use its last occurrence
  std::string prefix = "/";      // kPath/kHostPath: the path before the origin
  std::string scheme = "https";  // scheme given to a scheme-less origin
};

class RuleSet {
 public:
  // The built-in rules.
  static RuleSet Defaults();
  // Parses YAML rules. `source` names the text in messages ("rules.yaml:4: ...").
  static Result<RuleSet> Parse(const std::string& yaml, const std::string& source);
  // Reads and parses a rules file.
  static Result<RuleSet> Load(const std::string& path);

  // One level of unwrapping: the origin `url` carries if a rule matches it.
  // Returns the rule's name through `rule_name` when not null.
  std::optional<std::string> UnwrapOnce(const std::string& url, std::string* rule_name = nullptr) const;

  void Append(const RuleSet& other);

 private:
  std::vector<ProxyRule> rules_;
};

}  // namespace rotproof
