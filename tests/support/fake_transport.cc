#include "fake_transport.h"

#include <utility>

#include "rotproof/digest.h"
#include "run.h"

namespace rotproof::testing {

FetchOutcome Fetched(const std::string& url, const std::string& body) {
  FetchOutcome o;
  o.url = url;
  o.ok = true;
  Exchange x;
  x.url = url;
  x.status = 200;
  x.request_head = "GET / HTTP/1.1\r\n\r\n";
  x.response_head = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  x.content_type = "image/png";
  x.body = body;
  x.body_bytes = body.size();
  x.payload_digest = Sha256Digest(body);
  o.hops.push_back(x);
  return o;
}

void FakeTransport::Submit(const std::vector<std::string>& urls, uint64_t) {
  rounds_.push_back(urls);
  for (const std::string& url : urls) {
    FetchOutcome o;
    o.url = url;
    o.attempts = 1;
    auto it = bodies_.find(url);
    Exchange x;
    x.url = url;
    x.status = it == bodies_.end() ? 404 : 200;
    std::string body = it == bodies_.end() ? "" : it->second.first;
    x.body_path = spool_dir_ + "/" + std::to_string(next_++);
    WriteFile(x.body_path, body);
    x.body_bytes = body.size();
    x.payload_digest = Sha256Digest(body);
    x.content_type = it == bodies_.end() ? "text/plain" : it->second.second;
    x.sniffed_type = SniffMediaType(body);
    x.request_head = "GET / HTTP/1.1\r\nHost: fake\r\n\r\n";
    x.response_head =
        "HTTP/1.1 " + std::to_string(x.status) + " X\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    o.ok = x.status == 200;
    if (!o.ok) o.error = "HTTP 404";
    o.hops.push_back(x);
    done_.push_back(std::move(o));
  }
}

std::vector<FetchOutcome> FakeTransport::Wait() { return std::exchange(done_, {}); }

}  // namespace rotproof::testing
