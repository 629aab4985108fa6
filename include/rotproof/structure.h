#pragma once
// Origins found by the shape of a URL, for the proxies, resizers and
// mirrors no rule names: the web has hundreds, and a host list cannot keep
// up. A guess costs one request, never a wrong archive: what a guess serves
// must sniff as an image (Candidate::guessed).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rotproof {

// An origin that a URL carries, and which detector found it.
struct EmbeddedOrigin {
  std::string url;       // absolute
  std::string detector;  // "query parameter 'url'", "path", "base64 in the path", ...
  // The carrier of a rule (rules.schema.json) that unwraps this URL's host
  // the same way, as YAML lines ("carrier: param\n    param: url"); "" when
  // no rule carrier can (base64, a path relative to the proxy).
  std::string carrier;
};

// The origins `url` carries by its structure, best guess first:
//  - an absolute URL as a query parameter's value: raw, percent-encoded once
//    or twice, or base64/base64url (padding optional); parameters that
//    carry tracking or a redirect (ref, next, redirect, utm_*...) are skipped;
//  - an absolute URL in the path after any option segments: raw
//    ("/fetch/w_300/https://o.test/a.jpg"), collapsed ("https:/o.test"),
//    percent-encoded, or one base64url segment (imgproxy);
//  - an image path as a parameter's value: root-relative ("?url=%2Fa.png")
//    against the URL's own host, scheme-less ("?url=o.test/a.jpg") as https,
//    then http.
// Targets that look like pages (.html, .php, a trailing '/') are not
// offered, nor the URL itself. Empty when nothing is embedded.
std::vector<EmbeddedOrigin> FindEmbeddedOrigins(std::string_view url);

// True when `url` names a picture: its path ends in an image extension, or
// an origin it carries does (a link to a proxied full-size image).
bool NamesPicture(std::string_view url);

// A web archive's capture ("/web/<timestamp>[flags]/<url>", the Wayback
// Machine's form and its many copies) asked for as the raw bytes it
// captured: the "id_" flag, which replays nothing into them. nullopt when
// `url` is no capture, or already asks for id_.
std::optional<std::string> RawCaptureUrl(std::string_view url);

// Origins derived, not embedded: the GitHub file a CDN route serves.
// `route` is jsDelivr's "<user>/<repo>[@<ref>]/<path>" (no ref: the default
// branch, HEAD); the origin is raw.githubusercontent.com's. nullopt when it
// is not that shape.
std::optional<std::string> GithubRouteOrigin(std::string_view route);
// The raw file of a github.com "/<user>/<repo>/blob|raw/<ref>/<path>" page
// path; nullopt when it is not one.
std::optional<std::string> GithubBlobOrigin(std::string_view path);

}  // namespace rotproof
