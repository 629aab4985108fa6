#include "batch_flags.h"

#include <cstdlib>
#include <ctime>

#include "rotproof/address_policy.h"
#include "rotproof/config.h"
#include "rotproof/sign.h"
#include "rotproof/url.h"

namespace rotproof {

void DefineFetchFlags(CLI::App& app, FetchOptions& fetch) {
  app.add_option("--jobs", fetch.jobs, "concurrent transfers")->capture_default_str();
  app.add_option("--per-host", fetch.per_host, "concurrent connections per host")->capture_default_str();
  app.add_option("--retries", fetch.retries, "retries after a transient failure")->capture_default_str();
  app.add_option("--timeout", fetch.timeout_s, "seconds per transfer attempt")->capture_default_str();
  app.add_option("--max-asset-bytes", fetch.max_asset_bytes,
                 "largest response body kept, in bytes (0: the most a WARC record holds, 2 GiB)")
      ->capture_default_str();
  app.add_option("--max-redirects", fetch.max_redirects, "redirect hops followed")->capture_default_str();
  app.add_option("--delay-ms", fetch.delay_ms, "politeness gap between requests to one host")->capture_default_str();
  app.add_option("--low-speed-time", fetch.low_speed_time_s, "abort a transfer under 1 byte/s for this many seconds")
      ->capture_default_str();
  app.add_option("--connect-to", fetch.connect_to, "HOST:PORT:HOST2:PORT2, as curl --connect-to (repeatable)")
      ->allow_extra_args(false);
  app.add_option("--resolve", fetch.resolve, "HOST:PORT:ADDR, as curl --resolve (repeatable)")->allow_extra_args(false);
  app.add_option("--allow-private", fetch.allow_private,
                 "fetch from these non-public hosts or ranges (\"*.corp.example\", 10.0.0.0/8; "
                 "repeatable): loopback, private, link-local and metadata addresses are refused otherwise")
      ->allow_extra_args(false)
      ->check([](const std::string& entry) {
        Status st = CheckAllowEntry(entry);
        return st.ok() ? std::string() : st.message();
      });
  app.add_option("--cacert", fetch.cacert, "CA bundle for HTTPS");
  app.add_option("--user-agent", fetch.user_agent, "User-Agent header")->capture_default_str();
}

void BatchFlags::Define(CLI::App& app) {
  ArchiveOptions& archive = batch.archive;
  FetchOptions& fetch = batch.fetch;
  app.add_option("--config", config_file, "mirrors and per-host policies (YAML, schemas/config.schema.json)");
  app.add_option("--rules", rules_file, "extra proxy rules (YAML, schemas/rules.schema.json)");
  app.add_option("--image-keys", archive.extract.front_matter_keys,
                 "only these front-matter keys hold image URLs (nested ones as cover.image, images[0]); "
                 "default: any key whose value is a picture's URL or path")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option("--base-url", archive.resolve.base_url,
                 "URL that relative references are resolved against (in a blog's source tree: the site's URL)");
  app.add_flag("--no-site{false}", archive.local_sites,
               "ignore the Hexo/Hugo/Jekyll/Obsidian tree an article file is in: relative references resolve "
               "against --base-url only and nothing is read from disk");
  DefineFetchFlags(app, fetch);
  app.add_option("--max-article-bytes", archive.max_article_bytes, "bytes fetched for one article (0: any)")
      ->capture_default_str();
  RescueOptions& rescue = archive.rescue;
  app.add_flag("--rescue", rescue.enabled,
               "look a reference whose every candidate failed up in a web archive and keep its capture closest to "
               "the post's date");
  app.add_option("--rescue-cdx", rescue.cdx, "the web archive's CDX API")->capture_default_str();
  app.add_option("--rescue-replay", rescue.replay, "where its captures replay: PREFIX<timestamp>id_/<url>")
      ->capture_default_str();
  app.add_option("--rescue-timemap", rescue.timemap,
                 "ask this Memento TimeMap prefix (PREFIX<url>, link format) instead of the CDX API");
  app.add_option("--rescue-delay-ms", rescue.delay_ms, "gap between requests to the web archive's hosts")
      ->capture_default_str();
  app.add_flag("--robust-links", archive.robust_links,
               "add data-originalurl and data-versiondate (Robust Links) to each rewritten HTML element");
  app.add_option("--sign-key", archive.sign_key_path,
                 "sign each archive (WACZ anonymous form) with this P-384 key (rotproof keygen)");
}

Status BatchFlags::Configure() {
  ArchiveOptions& archive = batch.archive;
  FetchOptions& fetch = batch.fetch;
  if (!rules_file.empty()) {
    auto user = RuleSet::Load(rules_file);
    if (!user.ok()) return user.status();
    // User rules first: they may override a built-in for the same host.
    RuleSet merged = std::move(user).value();
    merged.Append(archive.rules);
    archive.rules = std::move(merged);
  }
  if (!config_file.empty()) {
    auto config = LoadConfig(config_file);
    if (!config.ok()) return config.status();
    archive.mirrors = config->mirrors;
    fetch.host_policies = config->hosts;
    fetch.allow_private.insert(fetch.allow_private.end(), config->allow_private.begin(), config->allow_private.end());
  }
  // curl connects to a proxy from the environment instead of the origin.
  std::vector<std::string> proxies;
  for (const char* var : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
    if (const char* value = std::getenv(var)) proxies.push_back(value);
  for (std::string& address : ProxyAddresses(proxies)) fetch.allow_private.push_back(std::move(address));
  // The web archive's published limits, unless a host policy says otherwise.
  if (archive.rescue.enabled) {
    HostPolicy polite;
    for (const std::string& url : {archive.rescue.cdx, archive.rescue.replay, archive.rescue.timemap})
      if (auto parts = SplitUrl(url)) polite.match.push_back(parts->host);
    polite.delay_ms = archive.rescue.delay_ms;
    fetch.host_policies.push_back(std::move(polite));
  }
  // A bad key is found before anything is fetched.
  if (!archive.sign_key_path.empty()) {
    auto probe = SignHash("sha256:probe", archive.sign_key_path);
    if (!probe.ok()) return probe.status();
  }
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  archive.capture_time = epoch != nullptr ? std::atoll(epoch) : std::time(nullptr);
  return Status::Ok();
}

}  // namespace rotproof
