#include "rotproof/fetch.h"

#include <algorithm>
#include <atomic>
#include <deque>
#include <filesystem>
#include <list>
#include <map>
#include <random>

#include "rotproof/warc_format.h"
#include "transfer.h"

namespace rotproof {
namespace {

// Small bodies stay in memory (a file per image costs more than fetching it
// from a nearby server), up to a bound for all of a transport's bodies;
// larger ones go to spool files as they arrive.
constexpr uint64_t kMemoryBodyBytes = 256 << 10;
constexpr uint64_t kMemoryBodiesBudget = 256 << 20;

}  // namespace

// The transfers of every submitted URL, pending or active, on one multi
// handle for the transport's life: its connection cache (and, with a CA
// bundle, its CA store cache) then serves every transfer.
struct CurlTransport::Engine {
  explicit Engine(FetchOptions o)
      : options(std::move(o)),
        addresses(options.allow_private, options.connect_to, options.resolve),
        multi(curl_multi_init()) {
    options.per_host = std::max(1, options.per_host);
    if (options.max_asset_bytes == 0 || options.max_asset_bytes > warc_format::kMaxBodyBytes)
      options.max_asset_bytes = warc_format::kMaxBodyBytes;
    ca_from_directory = options.cacert.empty() && DefaultCaDirectoryExists();
    // No more connections kept for reuse than transfers that could use them
    // at once: curl checks every idle one for the host before it starts a
    // transfer (a poll each), and by default keeps four per transfer.
    curl_multi_setopt(multi.get(), CURLMOPT_MAXCONNECTS, static_cast<long>(options.jobs));
  }
  ~Engine() {
    for (const auto& t : active) curl_multi_remove_handle(multi.get(), t->easy.get());
  }

  FetchOptions options;
  AddressPolicy addresses;
  CurlMultiPtr multi;
  // The system CAs are read from their hashed directory, one certificate at
  // a time as a handshake needs it (a failed or plain-http attempt reads
  // none). A bundle file (--cacert, or a system without the directory) is
  // parsed whole, once per multi handle: libcurl caches the store it builds
  // from a bundle only when no directory is set.
  bool ca_from_directory = false;
  uint64_t next_spool = 0;
  uint64_t memory_bodies = 0;  // bytes of all bodies handed out in memory
  std::deque<std::unique_ptr<Transfer>> pending;
  // Easy handles of ended transfers, for the next to start: a new one
  // allocates its buffers afresh each time.
  std::vector<CurlEasyPtr> idle_easy;
  std::list<std::unique_ptr<Transfer>> active;
  std::map<std::string, HostState> hosts;
  std::map<std::string, EndpointState> endpoints;
  std::mt19937 jitter{std::random_device{}()};
  std::vector<FetchOutcome> done;
  std::atomic<bool> woken{false};  // set by Wakeup(), from any thread

  const HostPolicy* PolicyFor(const std::string& host) const {
    for (const HostPolicy& p : options.host_policies)
      for (const std::string& pattern : p.match)
        if (HostMatches(pattern, host)) return &p;
    return nullptr;
  }

  void Enqueue(std::unique_ptr<FetchOutcome> outcome, const std::string& url, std::shared_ptr<SubmitBudget> budget) {
    auto t = std::make_unique<Transfer>();
    t->outcome = std::move(outcome);
    t->url = url;
    auto parts = SplitUrl(url);
    std::string host = parts ? parts->host : "";
    t->url_host = host;
    if (t->url_host.size() > 2 && t->url_host.front() == '[')
      t->url_host = t->url_host.substr(1, t->url_host.size() - 2);
    t->url_port = parts ? PortOf(*parts) : "";
    t->addresses = &addresses;
    t->host = &hosts[host];
    t->endpoint = &*endpoints.try_emplace(parts ? EndpointOf(*parts) : url).first;
    t->policy = PolicyFor(host);
    t->budget = std::move(budget);
    pending.push_back(std::move(t));
  }

  void Fail(Transfer& t, std::string error) {
    t.outcome->error = std::move(error);
    done.push_back(std::move(*t.outcome));
  }

  // The politeness gap after each request to `t`'s host.
  long DelayFor(const Transfer& t) const {
    return t.policy != nullptr && t.policy->delay_ms >= 0 ? t.policy->delay_ms : options.delay_ms;
  }

  // True when `t`'s host has room for it: a host owed a politeness gap gets
  // one request at a time, the gap after each (as wget --wait), so the
  // server sees the gap between requests.
  bool HostHasRoom(const Transfer& t) {
    const EndpointState& endpoint = t.endpoint->second;
    if (!endpoint.answered && endpoint.probing) return false;
    return t.host->active < (DelayFor(t) > 0 ? 1 : options.per_host);
  }

  void Start(std::unique_ptr<Transfer> t) {
    const HostPolicy* policy = t->policy;
    if (idle_easy.empty()) {
      t->easy.reset(curl_easy_init());
    } else {
      t->easy = std::move(idle_easy.back());
      idle_easy.pop_back();
      curl_easy_reset(t->easy.get());
    }
    t->body_path = options.spool_dir + "/" + std::to_string(next_spool++) + ".body";
    t->body.reset();
    t->spilled = false;
    t->memory.clear();
    t->memory_limit = memory_bodies < kMemoryBodiesBudget ? kMemoryBodyBytes : 0;
    t->hash = Sha256();
    t->bytes = 0;
    t->max_bytes = options.max_asset_bytes;
    t->abort = Transfer::Abort::kNone;
    t->head_bytes.clear();
    t->header_lines.clear();
    t->request_head.clear();
    t->headers.reset();
    CURL* e = t->easy.get();
    curl_easy_setopt(e, CURLOPT_URL, t->url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, OnDebug);
    curl_easy_setopt(e, CURLOPT_DEBUGDATA, t.get());
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, OnOpenSocket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t.get());
    t->refused.clear();
    curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);  // needed for CURLINFO_HEADER_OUT
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
    // HTTP/1.1 keeps request and response records in the form WARC readers
    // parse; bodies are stored as received, so no Accept-Encoding decoding.
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);  // hops are followed, and recorded, here
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT, options.timeout_s);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_s);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, options.low_speed_time_s);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    const std::string& ua = policy != nullptr && !policy->user_agent.empty() ? policy->user_agent : options.user_agent;
    curl_easy_setopt(e, CURLOPT_USERAGENT, ua.c_str());
    if (policy != nullptr) {
      if (t->send_referer && !policy->referer.empty()) curl_easy_setopt(e, CURLOPT_REFERER, policy->referer.c_str());
      for (const auto& h : policy->headers) t->headers.reset(curl_slist_append(t->headers.release(), h.c_str()));
      if (t->headers) curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers.get());
    }
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_asset_bytes));
    if (options.request == FetchOptions::Request::kHead) curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    if (options.request == FetchOptions::Request::kFirstBytes) curl_easy_setopt(e, CURLOPT_RANGE, "0-1023");
    if (!options.cacert.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, options.cacert.c_str());
    curl_easy_setopt(e, ca_from_directory ? CURLOPT_CAINFO : CURLOPT_CAPATH, nullptr);
    t->connect_to.reset();
    t->resolve.reset();
    for (const auto& c : options.connect_to) t->connect_to.reset(curl_slist_append(t->connect_to.release(), c.c_str()));
    for (const auto& r : options.resolve) t->resolve.reset(curl_slist_append(t->resolve.release(), r.c_str()));
    if (t->connect_to) curl_easy_setopt(e, CURLOPT_CONNECT_TO, t->connect_to.get());
    if (t->resolve) curl_easy_setopt(e, CURLOPT_RESOLVE, t->resolve.get());
    t->outcome->attempts++;
    EndpointState& endpoint = t->endpoint->second;
    endpoint.probing = !endpoint.answered;
    curl_multi_add_handle(multi.get(), e);
    ++t->host->active;
    active.push_back(std::move(t));
  }

  void RetryLater(std::unique_ptr<Transfer> t, long server_delay_s) {
    long delay_ms = options.backoff_ms << std::min(t->attempt, 10);
    delay_ms += std::uniform_int_distribution<long>(0, options.backoff_ms)(jitter);
    if (server_delay_s >= 0) delay_ms = std::max(delay_ms, std::min(server_delay_s, options.max_retry_after_s) * 1000);
    t->attempt++;
    t->not_before = TransferClock::now() + std::chrono::milliseconds(delay_ms);
    std::filesystem::remove(t->body_path);
    pending.push_back(std::move(t));
  }

  static std::string BudgetError() { return "article byte budget exhausted"; }

  // Why `t` is not to start at all, or "".
  std::string RefusalFor(const Transfer& t) const {
    if (t.budget->Exhausted()) return BudgetError();
    if (t.url.size() > kMaxUrlBytes)
      return "refused: a URL of " + std::to_string(t.url.size()) + " bytes (at most " + std::to_string(kMaxUrlBytes) +
             " are fetched)";
    if (std::string refusal = addresses.RefusalForHost(t.url_host, t.url_port); !refusal.empty()) return refusal;
    const auto& [endpoint, known] = *t.endpoint;
    if (known.unreachable.empty()) return "";
    return "not tried: " + endpoint + " was unreachable earlier in this batch (" + known.unreachable + ")";
  }

  // Ends `t`'s attempt (its easy handle, `easy`, already taken from it):
  // retried, followed, or done.
  void Finish(std::unique_ptr<Transfer> t, CURL* easy, CURLcode code) {
    t->body.reset();
    EndpointState& endpoint = t->endpoint->second;
    endpoint.probing = false;
    if (!t->refused.empty()) {
      std::filesystem::remove(t->body_path);
      return Fail(*t, t->refused);
    }
    bool unreachable = code != CURLE_OK && IsUnreachable(code, easy);
    endpoint.answered = endpoint.answered || !unreachable;
    if (code != CURLE_OK) {
      if (t->abort == Transfer::Abort::kNone && IsTransientCurlError(code) && t->attempt < options.retries)
        return RetryLater(std::move(t), -1);
      std::filesystem::remove(t->body_path);
      if (t->abort == Transfer::Abort::kTooLarge || code == CURLE_FILESIZE_EXCEEDED)
        return Fail(*t, "larger than --max-asset-bytes (" + std::to_string(options.max_asset_bytes) + ")");
      if (t->abort == Transfer::Abort::kBudget) return Fail(*t, BudgetError());
      if (t->abort == Transfer::Abort::kSpool) return Fail(*t, "cannot write spool file " + t->body_path);
      std::string error = std::string(curl_easy_strerror(code)) + (t->error[0] ? std::string(": ") + t->error : "");
      if (unreachable) endpoint.unreachable = error;
      return Fail(*t, error);
    }
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    const HostPolicy* policy = t->policy;
    if (status == 403 && t->send_referer && policy != nullptr && !policy->referer.empty()) {
      // Hot-link protection that dislikes our configured Referer: once more without.
      t->send_referer = false;
      std::filesystem::remove(t->body_path);
      pending.push_front(std::move(t));
      return;
    }
    if (IsTransientStatus(status) && t->attempt < options.retries) {
      long retry_after = RetryAfterSeconds(HeaderValue(t->header_lines, "retry-after"));
      return RetryLater(std::move(t), retry_after);
    }
    Exchange x;
    x.url = t->url;
    x.status = status;
    const char* ip = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIMARY_IP, &ip);
    if (ip != nullptr) x.ip = ip;
    const char* redirect = nullptr;
    curl_easy_getinfo(easy, CURLINFO_REDIRECT_URL, &redirect);
    if (redirect != nullptr && status >= 300 && status < 400) x.location = CanonicalUrl(redirect);
    x.content_type = HeaderValue(t->header_lines, "content-type");
    x.request_head = t->request_head;
    x.response_head = StoredResponseHead(t->header_lines, t->bytes);
    if (t->spilled) {
      x.body_path = t->body_path;
    } else {
      memory_bodies += t->memory.size();
      x.body = std::move(t->memory);
    }
    x.body_bytes = t->bytes;
    x.payload_digest = t->hash.Finish();
    x.sniffed_type = SniffMediaType(t->head_bytes);
    FetchOutcome& out = *t->outcome;
    out.hops.push_back(x);
    if (!x.location.empty()) {
      bool loop = std::any_of(out.hops.begin(), out.hops.end(), [&](const Exchange& h) { return h.url == x.location; });
      if (loop) return Fail(*t, "redirect loop back to " + x.location);
      if (static_cast<int>(out.hops.size()) > options.max_redirects)
        return Fail(*t, "more than " + std::to_string(options.max_redirects) + " redirects");
      return Enqueue(std::move(t->outcome), x.location, t->budget);
    }
    out.ok = status >= 200 && status < 300;
    if (!out.ok) out.error = "HTTP " + std::to_string(status);
    done.push_back(std::move(out));
  }

  // Starts what may start, lets curl work, and finishes what ended; then
  // sleeps until curl has work or the next delayed transfer is due.
  void Step() {
    auto now = TransferClock::now();
    for (auto it = pending.begin(); it != pending.end() && static_cast<int>(active.size()) < options.jobs;) {
      Transfer& t = **it;
      if (std::string refusal = RefusalFor(t); !refusal.empty()) {
        auto owned = std::move(*it);
        it = pending.erase(it);
        Fail(*owned, std::move(refusal));
        continue;
      }
      if (t.not_before <= now && t.host->free_at <= now && HostHasRoom(t)) {
        auto owned = std::move(*it);
        it = pending.erase(it);
        Start(std::move(owned));
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
      --raw->host->active;
      raw->host->free_at = TransferClock::now() + std::chrono::milliseconds(DelayFor(*raw));
      auto it = std::find_if(active.begin(), active.end(), [&](const auto& p) { return p.get() == raw; });
      std::unique_ptr<Transfer> t = std::move(*it);
      active.erase(it);
      CurlEasyPtr easy = std::move(t->easy);
      Finish(std::move(t), easy.get(), code);
      idle_easy.push_back(std::move(easy));
    }
    if (!done.empty() || (pending.empty() && active.empty())) return;
    long wait_ms = 1000;
    // With every slot busy, only curl can make progress: wait for it.
    if (static_cast<int>(active.size()) < options.jobs) {
      for (const auto& t : pending) {
        if (!HostHasRoom(*t)) continue;  // due when one of its host's transfers ends
        auto due = std::max(t->not_before, t->host->free_at);
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(due - TransferClock::now()).count();
        wait_ms = std::clamp<long>(ms, 0, wait_ms);
      }
    }
    curl_multi_poll(multi.get(), nullptr, 0, static_cast<int>(wait_ms), nullptr);
  }
};

CurlTransport::CurlTransport(FetchOptions options) : engine_(std::make_unique<Engine>(std::move(options))) {}

CurlTransport::~CurlTransport() = default;

void CurlTransport::Submit(const std::vector<std::string>& urls, uint64_t byte_budget) {
  auto budget = std::make_shared<SubmitBudget>(SubmitBudget{byte_budget, 0});
  for (const std::string& url : urls) {
    auto outcome = std::make_unique<FetchOutcome>();
    outcome->url = url;
    engine_->Enqueue(std::move(outcome), url, budget);
  }
}

std::vector<FetchOutcome> CurlTransport::Wait() {
  while (engine_->done.empty() && !(engine_->pending.empty() && engine_->active.empty()) &&
         !engine_->woken.exchange(false))
    engine_->Step();
  return std::exchange(engine_->done, {});
}

void CurlTransport::Wakeup() {
  engine_->woken = true;
  curl_multi_wakeup(engine_->multi.get());
}

}  // namespace rotproof
