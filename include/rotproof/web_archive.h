#pragma once
// Rescue from web archives: a reference whose every candidate failed is
// looked up in a web archive's index (the Wayback Machine's CDX API, or a
// Memento TimeMap from an aggregator), and the captures closest to the
// post's date are tried as its last candidates, each fetched as raw bytes
// (id_) and kept only if it is a picture.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rotproof {

struct RescueOptions {
  bool enabled = false;
  // The CDX API, asked "?url=<url>&output=json&filter=statuscode:200&filter=mimetype:image/.*".
  std::string cdx = "https://web.archive.org/cdx/search/cdx";
  // Where a capture replays: <replay><timestamp>id_/<original>.
  std::string replay = "https://web.archive.org/web/";
  // A Memento aggregator's TimeMap prefix (<timemap><url>, link format),
  // asked instead of the CDX API when set.
  std::string timemap;
  size_t captures = 3;  // tried per URL, closest to the post's date first
  // Politeness towards the archive's hosts, as the Wayback Machine asks of
  // API clients (HostPolicy delay).
  long delay_ms = 1000;
};

struct Capture {
  std::string timestamp;  // YYYYMMDDhhmmss
  std::string original;   // the URL as captured
  std::string url;        // where its raw bytes replay (for a TimeMap: the memento's URL)
};

// The index query for `url`: the CDX API's, or the TimeMap's.
std::string IndexQueryUrl(const RescueOptions& options, const std::string& url);

// The captures an index answer lists: a CDX API JSON answer (a header row,
// then one row per capture; rows not 200 or not image/* skipped, whatever
// the filters did) or a TimeMap in link format (rel="memento" entries).
// Anything else, or an empty answer, gives none.
std::vector<Capture> ParseIndexAnswer(std::string_view answer, const RescueOptions& options);

// The first `limit` of `captures`, closest in time to `timestamp` first
// (earlier wins a tie).
std::vector<Capture> ClosestFirst(std::vector<Capture> captures, const std::string& timestamp, size_t limit);

}  // namespace rotproof
