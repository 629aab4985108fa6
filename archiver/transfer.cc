#include "transfer.h"

#include <sys/socket.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "rotproof/http_head.h"

namespace rotproof {

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  if (t->max_bytes != 0 && t->bytes + len > t->max_bytes) {
    t->abort = Transfer::Abort::kTooLarge;
    return 0;  // makes curl abort with CURLE_WRITE_ERROR
  }
  if (t->budget->limit != 0 && t->budget->used + len > t->budget->limit) {
    t->abort = Transfer::Abort::kBudget;
    return 0;
  }
  if (!t->spilled && t->memory.size() + len > t->memory_limit) {
    t->spilled = true;
    t->body.reset(std::fopen(t->body_path.c_str(), "wb"));
    if (!t->body || std::fwrite(t->memory.data(), 1, t->memory.size(), t->body.get()) != t->memory.size()) {
      t->abort = Transfer::Abort::kSpool;
      return 0;
    }
    std::string().swap(t->memory);
  }
  if (!t->spilled) {
    t->memory.append(data, len);
  } else if (std::fwrite(data, 1, len, t->body.get()) != len) {
    t->abort = Transfer::Abort::kSpool;
    return 0;
  }
  t->hash.Update(data, len);
  t->bytes += len;
  t->budget->used += len;
  if (t->head_bytes.size() < kSniffBytes) t->head_bytes.append(data, std::min(len, kSniffBytes - t->head_bytes.size()));
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

// Every connection curl opens, for any hop and whatever the name resolved
// to, passes here: an address the policy refuses is never connected to.
curl_socket_t OnOpenSocket(void* user, curlsocktype, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  std::string refusal = t->addresses->RefusalForAddress(&address->addr, t->url_host, t->url_port);
  if (!refusal.empty()) {
    t->refused = std::move(refusal);
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

int OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  if (type == CURLINFO_HEADER_OUT) static_cast<Transfer*>(user)->request_head.assign(data, size);
  return 0;
}

// The head as stored: Transfer-Encoding is renamed because the stored body is
// de-chunked, and exactly one Content-Length states the stored body's size
// (a server's second or wrong one is kept renamed, as evidence).
std::string StoredResponseHead(const std::vector<std::string>& lines, uint64_t body_bytes) {
  std::string head;
  bool has_length = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    auto [name, value] = SplitHeaderLine(lines[i]);
    if (i > 0 && name == "transfer-encoding") {
      head += "X-Orig-Transfer-Encoding: " + value + "\r\n";
      continue;
    }
    if (i > 0 && name == "content-length") {
      if (has_length || value != std::to_string(body_bytes)) {
        head += "X-Orig-Content-Length: " + value + "\r\n";
        continue;
      }
      has_length = true;
    }
    head += lines[i] + "\r\n";
  }
  if (!has_length) head += "Content-Length: " + std::to_string(body_bytes) + "\r\n";
  return head + "\r\n";
}

std::string HeaderValue(const std::vector<std::string>& lines, const std::string& name) {
  for (size_t i = 1; i < lines.size(); ++i) {
    auto [n, v] = SplitHeaderLine(lines[i]);
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

bool IsTransientStatus(long status) { return status == 408 || status == 429 || (status >= 500 && status <= 599); }

// Seconds a Retry-After header asks for (delta-seconds or HTTP-date), or -1.
long RetryAfterSeconds(const std::string& value) {
  if (value.empty()) return -1;
  if (std::all_of(value.begin(), value.end(), ::isdigit)) return std::stol(value.substr(0, 9));
  time_t when = curl_getdate(value.c_str(), nullptr);
  if (when < 0) return -1;
  return std::max<long>(0, static_cast<long>(when - time(nullptr)));
}

bool DefaultCaDirectoryExists() {
  CurlEasyPtr probe(curl_easy_init());
  char* dir = nullptr;
  curl_easy_getinfo(probe.get(), CURLINFO_CAPATH, &dir);
  std::error_code ec;
  return dir != nullptr && std::filesystem::is_directory(dir, ec);
}

std::string PortOf(const UrlParts& parts) {
  return !parts.port.empty() ? parts.port : parts.scheme == "https" ? "443" : "80";
}

// "scheme://host:port" of a URL with these `parts`.
std::string EndpointOf(const UrlParts& parts) { return parts.scheme + "://" + parts.host + ":" + PortOf(parts); }

// Failures that say the endpoint cannot be reached at all (as opposed to one
// request failing): its name does not resolve, nothing accepts the
// connection, the TLS handshake fails, or a connection never opened in time.
bool IsUnreachable(CURLcode code, CURL* easy) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
      return true;
    case CURLE_OPERATION_TIMEDOUT: {
      curl_off_t connected_us = 0;
      curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &connected_us);
      return connected_us == 0;
    }
    default:
      return false;
  }
}

}  // namespace rotproof
