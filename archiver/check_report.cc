#include "rotproof/check_report.h"

#include <map>
#include <nlohmann/json.hpp>

#include "rotproof/offline_page.h"
#include "rotproof/text.h"
#include "rotproof/url.h"
#include "rotproof/warc.h"

namespace rotproof {
namespace {

using ordered_json = nlohmann::ordered_json;

constexpr LinkState kStates[] = {LinkState::kAlive, LinkState::kChanged, LinkState::kMoved, LinkState::kSoft404,
                                 LinkState::kGone,  LinkState::kBlocked, LinkState::kFlaky};

// W3C-DTF, "" for never.
std::string Iso(int64_t when) { return when > 0 ? W3cDate(when) : ""; }

// The links each article uses, by the article's title, in report order.
std::map<std::string, std::vector<const CheckedLink*>> ByArticle(const CheckReport& r) {
  std::map<std::string, std::vector<const CheckedLink*>> by;
  for (const CheckedLink& l : r.links)
    for (const WatchedLink& use : l.uses)
      if (by[use.article].empty() || by[use.article].back() != &l) by[use.article].push_back(&l);
  return by;
}

std::string Host(const std::string& url) {
  auto parts = SplitUrl(url);
  return parts ? parts->host : url;
}

std::string StateWithDeath(const CheckedLink& l) {
  std::string s = LinkStateName(l.verdict.state);
  if (l.newly_dead) return s + ", newly dead";
  return l.summary.dead ? s + ", dead" : s;
}

// Alive and failing links per check, as two polylines.
std::string HistoryChart(const CheckReport& r) {
  if (r.tallies.empty()) return "";
  int most = 1;
  for (const auto& t : r.tallies) most = std::max({most, t.alive, t.failing});
  const int width = 480, height = 120;
  std::string alive, failing, dots;
  size_t n = r.tallies.size();
  for (size_t i = 0; i < n; ++i) {
    int x = n == 1 ? width / 2 : static_cast<int>(i * (width - 20) / (n - 1)) + 10;
    auto y = [&](int v) { return std::to_string(height - 10 - v * (height - 20) / most); };
    alive += std::to_string(x) + "," + y(r.tallies[i].alive) + " ";
    failing += std::to_string(x) + "," + y(r.tallies[i].failing) + " ";
    for (auto [v, color] : {std::pair{r.tallies[i].alive, "#2a7"}, {r.tallies[i].failing, "#c33"}})
      dots += "<circle cx=\"" + std::to_string(x) + "\" cy=\"" + y(v) + "\" r=\"3\" fill=\"" + color + "\"/>";
  }
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) + "\" height=\"" +
         std::to_string(height) + "\" role=\"img\" aria-label=\"alive and failing links per check\">" +
         "<polyline fill=\"none\" stroke=\"#2a7\" stroke-width=\"2\" points=\"" + alive + "\"/>" +
         "<polyline fill=\"none\" stroke=\"#c33\" stroke-width=\"2\" points=\"" + failing + "\"/>" + dots + "</svg>\n" +
         "<p><span style=\"color:#2a7\">alive</span> and <span style=\"color:#c33\">failing</span> links over " +
         std::to_string(n) + " checks, " + Iso(r.tallies.front().when) + " to " + Iso(r.tallies.back().when) + "</p>\n";
}

}  // namespace

std::string CheckReportJson(const CheckReport& r) {
  ordered_json totals = ordered_json::object();
  for (LinkState s : kStates) totals[LinkStateName(s)] = 0;
  size_t dead = 0, newly = 0;
  ordered_json links = ordered_json::array();
  for (const CheckedLink& l : r.links) {
    totals[LinkStateName(l.verdict.state)] = totals[LinkStateName(l.verdict.state)].get<int>() + 1;
    dead += l.summary.dead;
    newly += l.newly_dead;
    ordered_json uses = ordered_json::array();
    for (const WatchedLink& u : l.uses)
      uses.push_back(
          {{"article", u.article}, {"archive", u.archive}, {"where", u.where}, {"as_written", u.as_written}});
    links.push_back({{"url", l.url},
                     {"state", LinkStateName(l.verdict.state)},
                     {"detail", l.verdict.detail},
                     {"moved_to", l.verdict.moved_to},
                     {"last_alive", Iso(l.summary.last_alive)},
                     {"failing_since", Iso(l.summary.failing_since)},
                     {"consecutive_failures", l.summary.consecutive_failures},
                     {"dead", l.summary.dead},
                     {"newly_dead", l.newly_dead},
                     {"uses", uses}});
  }
  totals["dead"] = dead;
  totals["newly_dead"] = newly;
  ordered_json history = ordered_json::array();
  for (const auto& t : r.tallies)
    history.push_back({{"checked_at", Iso(t.when)}, {"alive", t.alive}, {"failing", t.failing}});
  ordered_json j = {{"report_version", 1}, {"checked_at", Iso(r.checked_at)}, {"requests", r.requests},
                    {"totals", totals},    {"exit_code", r.ExitCode()},       {"links", links},
                    {"history", history}};
  return j.dump(2) + "\n";
}

std::string CheckReportMarkdown(const CheckReport& r) {
  std::string md = "## Link check, " + Iso(r.checked_at) + "\n\n";
  size_t failing = 0;
  for (const auto& [article, links] : ByArticle(r)) {
    std::string rows;
    for (const CheckedLink* l : links) {
      if (l->verdict.state == LinkState::kAlive) continue;
      std::string seen = l->summary.last_alive ? Iso(l->summary.last_alive) : "never";
      rows += "| " + l->url + " | " + StateWithDeath(*l) + " | " + l->verdict.detail + " | " + seen + " |\n";
      ++failing;
    }
    if (rows.empty()) continue;
    md += "### " + article + "\n\n| link | state | detail | last seen alive |\n|---|---|---|---|\n" + rows + "\n";
  }
  if (failing == 0) md += "Every link is alive.\n";
  return md;
}

std::string CheckReportJunit(const CheckReport& r) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"rotproof check\">\n";
  for (const auto& [article, links] : ByArticle(r)) {
    size_t failures = 0, skipped = 0;
    std::string cases;
    for (const CheckedLink* l : links) {
      cases += "    <testcase classname=\"" + EscapeHtml(article) + "\" name=\"" + EscapeHtml(l->url) + "\">";
      if (IsFailure(l->verdict.state)) {
        ++failures;
        cases += "<failure message=\"" + EscapeHtml(StateWithDeath(*l) + ": " + l->verdict.detail) + "\"/>";
      } else if (l->verdict.state == LinkState::kBlocked) {
        ++skipped;
        cases += "<skipped message=\"" + EscapeHtml("blocked: " + l->verdict.detail) + "\"/>";
      }
      cases += "</testcase>\n";
    }
    xml += "  <testsuite name=\"" + EscapeHtml(article) + "\" tests=\"" + std::to_string(links.size()) +
           "\" failures=\"" + std::to_string(failures) + "\" skipped=\"" + std::to_string(skipped) + "\">\n" + cases +
           "  </testsuite>\n";
  }
  return xml + "</testsuites>\n";
}

std::string CheckReportHtml(const CheckReport& r) {
  std::string page =
      "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"" +
      EscapeHtml(OfflinePolicy({})) + "\">\n<title>Link check " + Iso(r.checked_at) +
      "</title>\n<style>body{font:14px sans-serif}td,th{padding:2px 8px;text-align:left}"
      ".alive{color:#2a7}.failing{color:#c33}.other{color:#b70}</style>\n</head>\n<body>\n<h1>Link check, " +
      Iso(r.checked_at) + "</h1>\n" + HistoryChart(r);
  page += "<h2>By article</h2>\n";
  for (const auto& [article, links] : ByArticle(r)) {
    page += "<h3>" + EscapeHtml(article) +
            "</h3>\n<table>\n<tr><th>link</th><th>state</th><th>detail</th>"
            "<th>last seen alive</th><th>failing since</th></tr>\n";
    for (const CheckedLink* l : links)
      page += "<tr class=\"" +
              std::string(IsFailure(l->verdict.state)             ? "failing"
                          : l->verdict.state == LinkState::kAlive ? "alive"
                                                                  : "other") +
              "\"><td>" + EscapeHtml(l->url) + "</td><td>" + EscapeHtml(StateWithDeath(*l)) + "</td><td>" +
              EscapeHtml(l->verdict.detail) + "</td><td>" + Iso(l->summary.last_alive) + "</td><td>" +
              Iso(l->summary.failing_since) + "</td></tr>\n";
    page += "</table>\n";
  }
  std::map<std::string, std::map<std::string, int>> hosts;
  for (const CheckedLink& l : r.links) ++hosts[Host(l.url)][LinkStateName(l.verdict.state)];
  page += "<h2>By host</h2>\n<table>\n<tr><th>host</th>";
  for (LinkState s : kStates) page += std::string("<th>") + LinkStateName(s) + "</th>";
  page += "</tr>\n";
  for (auto& [host, counts] : hosts) {
    page += "<tr><td>" + EscapeHtml(host) + "</td>";
    for (LinkState s : kStates) page += "<td>" + std::to_string(counts[LinkStateName(s)]) + "</td>";
    page += "</tr>\n";
  }
  return page + "</table>\n</body>\n</html>\n";
}

}  // namespace rotproof
