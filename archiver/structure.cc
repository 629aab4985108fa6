#include "rotproof/structure.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <optional>

#include "rotproof/text.h"
#include "rotproof/url.h"

namespace rotproof {
namespace {

// Parameters whose URL is where a click goes or came from, not a resource.
constexpr std::array<std::string_view, 16> kNavigationParams = {
    "ref",    "referer",  "referrer",  "redirect",  "redirect_uri", "redirect_url", "redirect_to", "next",
    "return", "returnto", "return_to", "returnurl", "continue",     "callback",     "imgrefurl",   "back"};

constexpr std::array<std::string_view, 7> kPageExtensions = {".html", ".htm", ".php",  ".asp",
                                                             ".aspx", ".jsp", ".shtml"};

// Longer paths are not searched for base64 (real ones hold a URL, so a few
// hundred bytes).
constexpr size_t kMaxBase64Path = 4096;

bool IsNavigationParam(std::string_view name) {
  std::string lower = AsciiLower(name);
  return lower.starts_with("utm_") ||
         std::find(kNavigationParams.begin(), kNavigationParams.end(), lower) != kNavigationParams.end();
}

bool EndsWithAny(std::string_view path, const auto& extensions) {
  std::string lower = AsciiLower(path);
  return std::any_of(extensions.begin(), extensions.end(), [&](std::string_view e) { return lower.ends_with(e); });
}

// An absolute http(s) URL with a dotted host, not a page, or nullopt.
std::optional<std::string> Plausible(std::string candidate) {
  if (StartsWithIgnoreCase(candidate, "https:/") && !StartsWithIgnoreCase(candidate, "https://"))
    candidate.insert(7, "/");  // the collapsed form some proxies make
  else if (StartsWithIgnoreCase(candidate, "http:/") && !StartsWithIgnoreCase(candidate, "http://"))
    candidate.insert(6, "/");
  if (!StartsWithIgnoreCase(candidate, "http://") && !StartsWithIgnoreCase(candidate, "https://")) return std::nullopt;
  auto parts = SplitUrl(candidate);
  if (!parts || parts->host.find('.') == std::string::npos) return std::nullopt;
  if (parts->path.empty() || parts->path.ends_with('/') || EndsWithAny(parts->path, kPageExtensions))
    return std::nullopt;
  return candidate;
}

// `value` percent-decoded while it visibly is encoded, at most twice.
std::string Decoded(std::string value) {
  for (int i = 0; i < 2; ++i) {
    std::string lower = AsciiLower(value);
    bool escaped = lower.find("%3a") != std::string::npos || lower.find("%2f") != std::string::npos ||
                   lower.find("%25") != std::string::npos;
    if (lower.find("://") != std::string::npos || !escaped) break;
    value = PercentDecode(value);
  }
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
  return value;
}

// `text` decoded as base64 or base64url, padding optional; nullopt when it
// is not.
std::optional<std::string> Base64Decoded(std::string_view text) {
  if (text.size() < 16) return std::nullopt;  // shorter than any "http://a.bc/d"
  std::string b64;
  for (char c : text) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || IsAsciiDigit(c) || c == '+' || c == '/';
    if (c == '=') break;
    if (!ok) return std::nullopt;
    b64.push_back(c);
  }
  if (b64.size() % 4 == 1) return std::nullopt;
  size_t pad = (4 - b64.size() % 4) % 4;
  b64.append(pad, '=');
  std::string out(b64.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(b64.data()), static_cast<int>(b64.size()));
  if (n < 0) return std::nullopt;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

// "a/b/c" split at its first `n` slashes: n+1 parts, or fewer when short.
std::vector<std::string_view> SplitFirst(std::string_view s, size_t n) {
  std::vector<std::string_view> parts;
  while (parts.size() < n) {
    size_t slash = s.find('/');
    if (slash == std::string_view::npos) break;
    parts.push_back(s.substr(0, slash));
    s.remove_prefix(slash + 1);
  }
  parts.push_back(s);
  return parts;
}

bool IsGithubName(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsAsciiDigit(c) || c == '-' || c == '_' || c == '.';
  });
}

std::string RawGithub(std::string_view user, std::string_view repo, std::string_view ref, std::string_view path) {
  return "https://raw.githubusercontent.com/" + std::string(user) + "/" + std::string(repo) + "/" + std::string(ref) +
         "/" + std::string(path);
}

class Finder {
 public:
  explicit Finder(std::string_view url) : url_(url), parts_(SplitUrl(std::string(url))) {}

  std::vector<EmbeddedOrigin> Run() {
    if (!parts_) return {};
    if (parts_->has_query) QueryParameters();
    PathEmbedded();
    return std::move(found_);
  }

 private:
  void Offer(std::optional<std::string> origin, std::string detector, std::string carrier = "") {
    if (!origin || *origin == url_) return;
    bool seen = std::any_of(found_.begin(), found_.end(), [&](const EmbeddedOrigin& o) { return o.url == *origin; });
    if (!seen) found_.push_back({std::move(*origin), std::move(detector), std::move(carrier)});
  }

  void QueryParameters() {
    std::string_view query = parts_->query;
    for (size_t start = 0; start < query.size();) {
      size_t amp = query.find('&', start);
      std::string_view item = query.substr(start, amp == std::string_view::npos ? amp : amp - start);
      start = amp == std::string_view::npos ? query.size() : amp + 1;
      size_t eq = item.find('=');
      if (eq == std::string_view::npos || IsNavigationParam(item.substr(0, eq))) continue;
      Parameter(std::string(item.substr(0, eq)), Decoded(std::string(item.substr(eq + 1))));
    }
  }

  void Parameter(const std::string& name, const std::string& value) {
    std::string detector = "query parameter '" + name + "'";
    std::string carrier = "carrier: param\n    param: " + name;
    if (auto absolute = Plausible(value)) return Offer(absolute, detector, carrier);
    if (value.starts_with("//")) return Offer(Plausible("https:" + value), detector, carrier);
    if (auto decoded = Base64Decoded(value)) return Offer(Plausible(*decoded), "base64 in " + detector);
    // Paths only when they name an image: a parameter holding some other
    // path is far more often not an origin at all.
    if (!HasImageExtension(value)) return;
    if (value.starts_with("/")) {
      Offer(Plausible(parts_->scheme + "://" + parts_->authority + value), detector + ", on this host");
    } else if (size_t slash = value.find('/');
               slash != std::string::npos && value.substr(0, slash).find('.') != std::string::npos) {
      Offer(Plausible("https://" + value), detector + ", scheme-less");
      Offer(Plausible("http://" + value), detector + ", scheme-less");
    }
  }

  void PathEmbedded() {
    // jsDelivr's GitHub route, on jsDelivr's hosts and on the mirrors that
    // copy it: a version ('@') makes the route unmistakable.
    std::string_view path = parts_->path;
    if (size_t gh = path.find("/gh/"); gh != std::string_view::npos) {
      std::string_view route = path.substr(gh + 4);
      if (route.substr(0, route.find('/', route.find('/') + 1)).find('@') != std::string_view::npos)
        return Offer(GithubRouteOrigin(route), "a jsDelivr GitHub route",
                     "carrier: github-route\n    prefix: " + std::string(path.substr(0, gh + 4)));
    }
    std::string_view rest = url_.substr(parts_->path_offset);
    std::string lower = AsciiLower(rest);
    for (std::string_view scheme : {"/https:/", "/http:/", "/https%3a%2f%2f", "/http%3a%2f%2f"}) {
      size_t at = lower.find(scheme);
      if (at == std::string::npos) continue;
      std::string embedded(rest.substr(at + 1));
      bool encoded = scheme.find('%') != std::string_view::npos;
      // A path rule takes the text after its prefix as it is: only for a
      // whole "scheme://" (not collapsed, not encoded).
      bool whole = !encoded && embedded.find("://") == embedded.find(':');
      return Offer(Plausible(encoded ? Decoded(embedded) : embedded), encoded ? "percent-encoded in the path" : "path",
                   whole ? "carrier: path\n    prefix: " + std::string(rest.substr(0, at + 1)) : "");
    }
    // base64url at the end of the path, whole or split by slashes, an
    // output extension after it (imgproxy's "/<signature>/<options>/<base64>.<ext>").
    if (path.size() > kMaxBase64Path) return;  // each start is tried: bound the square
    if (size_t dot = path.rfind('.');
        dot != std::string_view::npos && path.size() - dot <= 5 && path.find('/', dot) == std::string_view::npos)
      path = path.substr(0, dot);
    for (size_t slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/', slash + 1)) {
      std::string joined;
      for (char c : path.substr(slash + 1))
        if (c != '/') joined.push_back(c);
      if (auto decoded = Base64Decoded(joined); decoded && Plausible(*decoded))
        return Offer(Plausible(*decoded), "base64 in the path");
    }
  }

  std::string_view url_;
  std::optional<UrlParts> parts_;
  std::vector<EmbeddedOrigin> found_;
};

}  // namespace

std::vector<EmbeddedOrigin> FindEmbeddedOrigins(std::string_view url) { return Finder(url).Run(); }

std::optional<std::string> GithubRouteOrigin(std::string_view route) {
  std::vector<std::string_view> parts = SplitFirst(route, 2);  // user, repo[@ref], path
  if (parts.size() != 3 || parts[2].empty() || !IsGithubName(parts[0])) return std::nullopt;
  std::string_view repo = parts[1], ref = "HEAD";
  if (size_t at = repo.find('@'); at != std::string_view::npos) {
    ref = repo.substr(at + 1);
    repo = repo.substr(0, at);
  }
  if (!IsGithubName(repo) || ref.empty()) return std::nullopt;
  return RawGithub(parts[0], repo, ref, parts[2]);
}

std::optional<std::string> GithubBlobOrigin(std::string_view path) {
  if (!path.starts_with('/')) return std::nullopt;
  std::vector<std::string_view> parts = SplitFirst(path.substr(1), 4);  // user, repo, blob|raw, ref, path
  if (parts.size() != 5 || (parts[2] != "blob" && parts[2] != "raw") || parts[4].empty()) return std::nullopt;
  if (!IsGithubName(parts[0]) || !IsGithubName(parts[1]) || parts[3].empty()) return std::nullopt;
  return RawGithub(parts[0], parts[1], parts[3], parts[4]);
}

std::optional<std::string> RawCaptureUrl(std::string_view url) {
  auto parts = SplitUrl(std::string(url));
  if (!parts) return std::nullopt;
  size_t web = parts->path.find("/web/");
  if (web == std::string::npos) return std::nullopt;
  size_t stamp = web + 5, flags = stamp;
  while (flags < parts->path.size() && IsAsciiDigit(parts->path[flags])) ++flags;
  size_t slash = parts->path.find('/', flags);
  if (flags - stamp < 4 || slash == std::string::npos) return std::nullopt;  // a year at least
  std::string_view flag = std::string_view(parts->path).substr(flags, slash - flags);
  if (flag == "id_" ||
      !std::all_of(flag.begin(), flag.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; }))
    return std::nullopt;
  size_t rest = parts->path_offset + slash;  // the captured URL, its query included
  return std::string(url.substr(0, parts->path_offset + flags)) + "id_" + std::string(url.substr(rest));
}

bool NamesPicture(std::string_view url) {
  if (HasImageExtension(url)) return true;
  std::vector<EmbeddedOrigin> carried = FindEmbeddedOrigins(url);
  return std::any_of(carried.begin(), carried.end(), [](const EmbeddedOrigin& o) { return HasImageExtension(o.url); });
}

}  // namespace rotproof
