#pragma once
// One transfer of the curl transport: its state while curl runs it, the
// callbacks curl calls, and how its outcome is read (retry or not, the
// response head as stored). The engine that schedules transfers is fetch.cc.

#include <curl/curl.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "rotproof/address_policy.h"
#include "rotproof/curl_handles.h"
#include "rotproof/digest.h"
#include "rotproof/fetch.h"
#include "rotproof/file_handle.h"
#include "rotproof/url.h"

namespace rotproof {

using TransferClock = std::chrono::steady_clock;
// The body's first bytes kept for sniffing its media type.
constexpr size_t kSniffBytes = 512;

// Body bytes of one Submit call, shared by its transfers.
struct SubmitBudget {
  uint64_t limit = 0;  // 0: none
  uint64_t used = 0;
  bool Exhausted() const { return limit != 0 && used >= limit; }
};

// Per host (of the URL): transfers under way, counted here rather than by
// CURLMOPT_MAX_HOST_CONNECTIONS (curl queues a busy host's transfers in
// the --jobs slots other hosts could use, and with --connect-to counts
// every host sent to one address as one); and when politeness lets the
// next one start.
struct HostState {
  int active = 0;
  TransferClock::time_point free_at{};
};

// What is known of an endpoint ("scheme://host:port"). One that has not
// answered yet gets a single transfer: a dead one then costs one failed
// connection, not --per-host of them. Once found unreachable (after that
// transfer's retries), later transfers to it fail at once instead of each
// waiting out its own lookup, connect timeout or TLS handshake, as wget
// remembers hosts whose lookup failed.
struct EndpointState {
  bool answered = false;
  bool probing = false;     // its first transfer is under way
  std::string unreachable;  // why, once found unreachable
};
using Endpoint = std::map<std::string, EndpointState>::value_type;  // name, state

// One attempt at one hop of one URL.
struct Transfer {
  std::unique_ptr<FetchOutcome> outcome;  // of the URL this hop serves
  std::string url;                        // this hop's URL
  // Looked up once per hop; the engine's maps keep them for its life.
  HostState* host = nullptr;
  Endpoint* endpoint = nullptr;
  const HostPolicy* policy = nullptr;  // the first --config policy matching the host
  const AddressPolicy* addresses = nullptr;
  std::string url_host, url_port;  // of this hop's URL, the port made explicit
  std::string refused;             // why a connection was refused, once it was
  int attempt = 0;                 // 0 for the first try
  bool send_referer = true;
  TransferClock::time_point not_before{};

  CurlEasyPtr easy;
  CurlSlistPtr connect_to, resolve, headers;
  std::string memory;  // the body, while under memory_limit
  uint64_t memory_limit = 0;
  FilePtr body;  // the spool file, once the body outgrew memory
  std::string body_path;
  bool spilled = false;
  Sha256 hash;
  uint64_t bytes = 0;
  uint64_t max_bytes = 0;
  std::shared_ptr<SubmitBudget> budget;
  enum class Abort { kNone, kTooLarge, kBudget, kSpool } abort = Abort::kNone;
  std::string head_bytes;  // the body's first bytes, for sniffing
  std::string request_head;
  std::vector<std::string> header_lines;  // of the last response, no CRLF
  char error[CURL_ERROR_SIZE] = {};
};

// curl's callbacks for a transfer (`user` is the Transfer).
size_t OnBody(char* data, size_t size, size_t n, void* user);
size_t OnHeader(char* data, size_t size, size_t n, void* user);
// Every connection curl opens, for any hop and whatever the name resolved
// to, passes here: an address the policy refuses is never connected to.
curl_socket_t OnOpenSocket(void* user, curlsocktype, curl_sockaddr* address);
int OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* user);

// The head as stored: Transfer-Encoding is renamed because the stored body is
// de-chunked, and exactly one Content-Length states the stored body's size
// (a server's second or wrong one is kept renamed, as evidence).
std::string StoredResponseHead(const std::vector<std::string>& lines, uint64_t body_bytes);
// The value of header `name` (lowercase) among a response's `lines` (the
// status line first), or "".
std::string HeaderValue(const std::vector<std::string>& lines, const std::string& name);

bool IsTransientCurlError(CURLcode c);
bool IsTransientStatus(long status);
// Seconds a Retry-After header asks for (delta-seconds or HTTP-date), or -1.
long RetryAfterSeconds(const std::string& value);
// Failures that say the endpoint cannot be reached at all (as opposed to one
// request failing): its name does not resolve, nothing accepts the
// connection, the TLS handshake fails, or a connection never opened in time.
bool IsUnreachable(CURLcode code, CURL* easy);
bool DefaultCaDirectoryExists();
// The port of a URL with these `parts`, its scheme's default made explicit.
std::string PortOf(const UrlParts& parts);
// "scheme://host:port" of a URL with these `parts`.
std::string EndpointOf(const UrlParts& parts);

}  // namespace rotproof
