#include "rotproof/web_archive.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>
#include <regex>

#include "rotproof/text.h"
#include "rotproof/url.h"

namespace rotproof {
namespace {

// Seconds since the epoch of a 14-digit timestamp (shorter ones padded as
// the Wayback Machine reads them), for distances only.
int64_t Seconds(const std::string& timestamp) {
  std::string t = timestamp.substr(0, 14);
  t.append(14 - t.size(), '0');
  std::tm tm{};
  tm.tm_year = std::atoi(t.substr(0, 4).c_str()) - 1900;
  tm.tm_mon = std::atoi(t.substr(4, 2).c_str()) - 1;
  tm.tm_mday = std::max(1, std::atoi(t.substr(6, 2).c_str()));
  tm.tm_hour = std::atoi(t.substr(8, 2).c_str());
  tm.tm_min = std::atoi(t.substr(10, 2).c_str());
  tm.tm_sec = std::atoi(t.substr(12, 2).c_str());
  return static_cast<int64_t>(timegm(&tm));
}

bool IsTimestamp(const std::string& t) {
  return t.size() >= 4 && t.size() <= 14 && std::all_of(t.begin(), t.end(), IsAsciiDigit);
}

std::vector<Capture> ParseCdx(std::string_view answer, const RescueOptions& options) {
  std::vector<Capture> captures;
  nlohmann::json rows = nlohmann::json::parse(answer, nullptr, false);
  if (!rows.is_array() || rows.empty() || !rows[0].is_array()) return captures;
  // Columns by the header row's names: the API lets callers pick them.
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < rows[0].size(); ++i)
    if (rows[0][i].is_string()) column[rows[0][i].get<std::string>()] = i;
  for (const char* needed : {"timestamp", "original"})
    if (!column.count(needed)) return captures;
  auto field = [&](const nlohmann::json& row, const char* name) {
    auto it = column.find(name);
    return it != column.end() && it->second < row.size() && row[it->second].is_string()
               ? row[it->second].get<std::string>()
               : std::string();
  };
  for (size_t i = 1; i < rows.size(); ++i) {
    if (!rows[i].is_array()) continue;
    std::string status = field(rows[i], "statuscode"), type = field(rows[i], "mimetype");
    Capture c{field(rows[i], "timestamp"), field(rows[i], "original"), ""};
    if ((!status.empty() && status != "200") || (!type.empty() && type.rfind("image/", 0) != 0)) continue;
    if (!IsTimestamp(c.timestamp) || !IsLiveUrl(c.original)) continue;
    c.url = options.replay + c.timestamp + "id_/" + c.original;
    captures.push_back(std::move(c));
  }
  return captures;
}

std::vector<Capture> ParseTimeMap(std::string_view answer) {
  std::vector<Capture> captures;
  static const std::regex kEntry(R"re(<([^>]+)>\s*;([^<]*))re");
  static const std::regex kDatetime(R"re(datetime\s*=\s*"([^"]+)")re");
  std::string text(answer);
  for (std::sregex_iterator it(text.begin(), text.end(), kEntry), end; it != end; ++it) {
    std::string params = (*it)[2];
    std::smatch when;
    if (params.find("memento") == std::string::npos || !std::regex_search(params, when, kDatetime)) continue;
    if (params.find("timemap") != std::string::npos || params.find("timegate") != std::string::npos) continue;
    time_t t = curl_getdate(when[1].str().c_str(), nullptr);
    if (t < 0 || !IsLiveUrl((*it)[1].str())) continue;
    char stamp[16];
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
    captures.push_back({stamp, "", (*it)[1]});
  }
  return captures;
}

}  // namespace

std::string IndexQueryUrl(const RescueOptions& options, const std::string& url) {
  if (!options.timemap.empty()) return options.timemap + url;
  return options.cdx + "?url=" + PercentEncode(url) +
         "&output=json&fl=timestamp,original,mimetype,statuscode&filter=statuscode:200&filter=mimetype:image/.*"
         "&limit=1000";
}

std::vector<Capture> ParseIndexAnswer(std::string_view answer, const RescueOptions& options) {
  if (!options.timemap.empty()) return ParseTimeMap(answer);
  return ParseCdx(answer, options);
}

std::vector<Capture> ClosestFirst(std::vector<Capture> captures, const std::string& timestamp, size_t limit) {
  int64_t target = Seconds(timestamp);
  std::stable_sort(captures.begin(), captures.end(), [&](const Capture& a, const Capture& b) {
    int64_t da = std::llabs(Seconds(a.timestamp) - target), db = std::llabs(Seconds(b.timestamp) - target);
    return da != db ? da < db : a.timestamp < b.timestamp;
  });
  if (captures.size() > limit) captures.resize(limit);
  return captures;
}

}  // namespace rotproof
