#include "rotproof/fetch.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <filesystem>
#include <list>
#include <random>

#include "rotproof/digest.h"
#include "rotproof/handles.h"

namespace rotproof {
namespace {

using Clock = std::chrono::steady_clock;

// One attempt at one hop of one URL.
struct Transfer {
  size_t outcome = 0;     // index into the outcomes vector
  std::string url;        // this hop's URL
  int attempt = 0;        // 0 for the first try
  Clock::time_point not_before{};

  CurlEasyPtr easy;
  CurlSlistPtr connect_to, resolve;
  FilePtr body;
  std::string body_path;
  Sha256 hash;
  uint64_t bytes = 0;
  uint64_t max_bytes = 0;
  bool too_large = false;
  std::string request_head;
  std::vector<std::string> header_lines;  // of the last response, no CRLF
  char error[CURL_ERROR_SIZE] = {};
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  if (t->max_bytes != 0 && t->bytes + len > t->max_bytes) {
    t->too_large = true;
    return 0;  // makes curl abort with CURLE_WRITE_ERROR
  }
  if (std::fwrite(data, 1, len, t->body.get()) != len) return 0;
  t->hash.Update(data, len);
  t->bytes += len;
  return len;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string line(data, size * n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (line.rfind("HTTP/", 0) == 0) t->header_lines.clear();  // 1xx, then final
  if (!line.empty()) t->header_lines.push_back(std::move(line));
  return size * n;
}

int OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  if (type == CURLINFO_HEADER_OUT)
    static_cast<Transfer*>(user)->request_head.assign(data, size);
  return 0;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Splits "Name: value" into its lowercase name and trimmed value.
std::pair<std::string, std::string> SplitHeader(const std::string& line) {
  size_t colon = line.find(':');
  if (colon == std::string::npos) return {Lower(line), ""};
  size_t v = line.find_first_not_of(" \t", colon + 1);
  return {Lower(line.substr(0, colon)), v == std::string::npos ? "" : line.substr(v)};
}

// The head as stored: Transfer-Encoding is renamed because the stored body is
// de-chunked, and Content-Length always states the stored body's size.
std::string StoredResponseHead(const std::vector<std::string>& lines, uint64_t body_bytes) {
  std::string head;
  bool has_length = false, had_te = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    auto [name, value] = SplitHeader(lines[i]);
    if (i > 0 && name == "transfer-encoding") {
      head += "X-Orig-Transfer-Encoding: " + value + "\r\n";
      had_te = true;
      continue;
    }
    if (i > 0 && name == "content-length") {
      if (had_te) continue;
      has_length = true;
    }
    head += lines[i] + "\r\n";
  }
  if (!has_length) head += "Content-Length: " + std::to_string(body_bytes) + "\r\n";
  return head + "\r\n";
}

std::string HeaderValue(const std::vector<std::string>& lines, const std::string& name) {
  for (size_t i = 1; i < lines.size(); ++i) {
    auto [n, v] = SplitHeader(lines[i]);
    if (n == name) return v;
  }
  return "";
}

bool IsTransientCurlError(CURLcode c) {
  switch (c) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

bool IsTransientStatus(long status) {
  return status == 408 || status == 429 || (status >= 500 && status <= 599);
}

// Seconds a Retry-After header asks for (delta-seconds or HTTP-date), or -1.
long RetryAfterSeconds(const std::string& value) {
  if (value.empty()) return -1;
  if (std::all_of(value.begin(), value.end(), ::isdigit)) return std::stol(value);
  time_t when = curl_getdate(value.c_str(), nullptr);
  if (when < 0) return -1;
  return std::max<long>(0, static_cast<long>(when - time(nullptr)));
}

}  // namespace

CurlTransport::CurlTransport(FetchOptions options) : options_(std::move(options)) {}

std::vector<FetchOutcome> CurlTransport::FetchAll(const std::vector<std::string>& urls) {
  std::vector<FetchOutcome> outcomes(urls.size());
  std::deque<std::unique_ptr<Transfer>> pending;
  for (size_t i = 0; i < urls.size(); ++i) {
    outcomes[i].url = urls[i];
    auto t = std::make_unique<Transfer>();
    t->outcome = i;
    t->url = urls[i];
    pending.push_back(std::move(t));
  }
  CurlMultiPtr multi(curl_multi_init());
  curl_multi_setopt(multi.get(), CURLMOPT_MAX_HOST_CONNECTIONS,
                    static_cast<long>(std::max(1, options_.per_host)));
  std::list<std::unique_ptr<Transfer>> active;
  std::mt19937 jitter(std::random_device{}());

  auto start = [&](std::unique_ptr<Transfer> t) {
    t->easy.reset(curl_easy_init());
    t->body_path = options_.spool_dir + "/" + std::to_string(next_spool_++) + ".body";
    t->body.reset(std::fopen(t->body_path.c_str(), "wb"));
    t->hash = Sha256();
    t->bytes = 0;
    t->max_bytes = options_.max_asset_bytes;
    t->header_lines.clear();
    t->request_head.clear();
    CURL* e = t->easy.get();
    curl_easy_setopt(e, CURLOPT_URL, t->url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, OnDebug);
    curl_easy_setopt(e, CURLOPT_DEBUGDATA, t.get());
    curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);  // needed for CURLINFO_HEADER_OUT
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
    // HTTP/1.1 keeps request and response records in the form WARC readers
    // parse; bodies are stored as received, so no Accept-Encoding decoding.
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT, options_.timeout_s);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, options_.connect_timeout_s);
    curl_easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    if (options_.max_asset_bytes != 0)
      curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
                       static_cast<curl_off_t>(options_.max_asset_bytes));
    if (!options_.cacert.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, options_.cacert.c_str());
    for (const auto& c : options_.connect_to)
      t->connect_to.reset(curl_slist_append(t->connect_to.release(), c.c_str()));
    for (const auto& r : options_.resolve)
      t->resolve.reset(curl_slist_append(t->resolve.release(), r.c_str()));
    if (t->connect_to) curl_easy_setopt(e, CURLOPT_CONNECT_TO, t->connect_to.get());
    if (t->resolve) curl_easy_setopt(e, CURLOPT_RESOLVE, t->resolve.get());
    outcomes[t->outcome].attempts++;
    if (!t->body) {
      outcomes[t->outcome].error = "cannot create spool file " + t->body_path;
      return;
    }
    curl_multi_add_handle(multi.get(), e);
    active.push_back(std::move(t));
  };

  auto retry_later = [&](std::unique_ptr<Transfer> t, long server_delay_s) {
    long delay_ms = options_.backoff_ms << std::min(t->attempt, 10);
    delay_ms += std::uniform_int_distribution<long>(0, options_.backoff_ms)(jitter);
    if (server_delay_s >= 0)
      delay_ms = std::max(delay_ms, std::min(server_delay_s, options_.max_retry_after_s) * 1000);
    t->attempt++;
    t->not_before = Clock::now() + std::chrono::milliseconds(delay_ms);
    std::filesystem::remove(t->body_path);
    pending.push_back(std::move(t));
  };

  auto finish = [&](std::unique_ptr<Transfer> t, CURLcode code) {
    FetchOutcome& out = outcomes[t->outcome];
    t->body.reset();
    if (code != CURLE_OK) {
      if (IsTransientCurlError(code) && t->attempt < options_.retries)
        return retry_later(std::move(t), -1);
      std::filesystem::remove(t->body_path);
      out.error = t->too_large
                      ? "larger than --max-asset-bytes (" +
                            std::to_string(options_.max_asset_bytes) + ")"
                      : std::string(curl_easy_strerror(code)) +
                            (t->error[0] ? std::string(": ") + t->error : "");
      return;
    }
    long status = 0;
    curl_easy_getinfo(t->easy.get(), CURLINFO_RESPONSE_CODE, &status);
    if (IsTransientStatus(status) && t->attempt < options_.retries)
      return retry_later(std::move(t),
                         RetryAfterSeconds(HeaderValue(t->header_lines, "retry-after")));
    Exchange x;
    x.url = t->url;
    x.status = status;
    const char* ip = nullptr;
    curl_easy_getinfo(t->easy.get(), CURLINFO_PRIMARY_IP, &ip);
    if (ip != nullptr) x.ip = ip;
    const char* redirect = nullptr;
    curl_easy_getinfo(t->easy.get(), CURLINFO_REDIRECT_URL, &redirect);
    if (redirect != nullptr && status >= 300 && status < 400) x.location = redirect;
    x.content_type = HeaderValue(t->header_lines, "content-type");
    x.request_head = t->request_head;
    x.response_head = StoredResponseHead(t->header_lines, t->bytes);
    x.body_path = t->body_path;
    x.body_bytes = t->bytes;
    x.payload_digest = t->hash.Finish();
    out.hops.push_back(x);
    if (!x.location.empty()) {
      if (static_cast<int>(out.hops.size()) > options_.max_redirects) {
        out.error = "more than " + std::to_string(options_.max_redirects) + " redirects";
        return;
      }
      auto next = std::make_unique<Transfer>();
      next->outcome = t->outcome;
      next->url = x.location;
      pending.push_back(std::move(next));
      return;
    }
    out.ok = status >= 200 && status < 300;
    if (!out.ok) out.error = "HTTP " + std::to_string(status);
  };

  while (!pending.empty() || !active.empty()) {
    auto now = Clock::now();
    for (auto it = pending.begin();
         it != pending.end() && static_cast<int>(active.size()) < options_.jobs;) {
      if ((*it)->not_before <= now) {
        auto t = std::move(*it);
        it = pending.erase(it);
        start(std::move(t));
      } else {
        ++it;
      }
    }
    int running = 0;
    curl_multi_perform(multi.get(), &running);
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi.get(), &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* raw = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &raw);
      CURLcode code = msg->data.result;
      curl_multi_remove_handle(multi.get(), msg->easy_handle);
      auto it = std::find_if(active.begin(), active.end(),
                             [&](const auto& p) { return p.get() == raw; });
      std::unique_ptr<Transfer> t = std::move(*it);
      active.erase(it);
      finish(std::move(t), code);
    }
    if (pending.empty() && active.empty()) break;
    // Sleep until curl has work or the next delayed retry is due.
    long wait_ms = 1000;
    for (const auto& t : pending) {
      auto due = std::chrono::duration_cast<std::chrono::milliseconds>(t->not_before - Clock::now());
      wait_ms = std::clamp<long>(due.count(), 0, wait_ms);
    }
    curl_multi_poll(multi.get(), nullptr, 0, static_cast<int>(wait_ms), nullptr);
  }
  return outcomes;
}

}  // namespace rotproof
