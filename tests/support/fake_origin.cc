#include "fake_origin.h"

#include <brotli/encode.h>
#include <curl/curl.h>
#include <httplib.h>
#include <sys/socket.h>
#include <zlib.h>

#include <ctime>
#include <fstream>
#include <sstream>

#include "gzip.h"
#include "rotproof/digest.h"
#include "test_ca.h"

namespace rotproof::testing {
namespace {

void PutBigEndian32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>((v >> shift) & 0xff));
}

void PutChunk(std::string* png, const char* type, const std::string& data) {
  PutBigEndian32(png, static_cast<uint32_t>(data.size()));
  std::string body = std::string(type, 4) + data;
  png->append(body);
  PutBigEndian32(png, static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(body.data()), body.size())));
}

// A valid 16x16 RGB PNG whose colours derive from `seed`, so every URL gets
// distinct, viewable bytes.
std::string Png(const std::string& seed) {
  std::string hex = Sha256Digest(seed).substr(7);
  const int w = 16, h = 16;
  std::string raw;
  for (int y = 0; y < h; ++y) {
    raw.push_back('\0');  // filter: none
    for (int x = 0; x < w; ++x) {
      size_t i = static_cast<size_t>((x + y) % 20) * 3;
      for (size_t c = 0; c < 3; ++c) raw.push_back(static_cast<char>(std::stoi(hex.substr(i + c * 2, 2), nullptr, 16)));
    }
  }
  uLongf len = compressBound(raw.size());
  std::string z(len, '\0');
  compress(reinterpret_cast<Bytef*>(z.data()), &len, reinterpret_cast<const Bytef*>(raw.data()), raw.size());
  z.resize(len);
  std::string ihdr;
  PutBigEndian32(&ihdr, w);
  PutBigEndian32(&ihdr, h);
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB
  std::string png = "\x89PNG\r\n\x1a\n";
  PutChunk(&png, "IHDR", ihdr);
  PutChunk(&png, "IDAT", z);
  PutChunk(&png, "IEND", "");
  return png;
}

std::string Brotli(const std::string& data) {
  size_t size = BrotliEncoderMaxCompressedSize(data.size());
  std::string out(size, '\0');
  BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, data.size(),
                        reinterpret_cast<const uint8_t*>(data.data()), &size, reinterpret_cast<uint8_t*>(out.data()));
  out.resize(size);
  return out;
}

std::string HttpDate(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

bool Has(const std::string& url, const char* word) { return url.find(word) != std::string::npos; }

// A Wayback-style CDX API answer: three captures of `url` (one an error
// page the filters should have dropped), with the API's quirks on cue.
void Index(const std::string& url, bool busy, httplib::Response& res) {
  if (busy) {
    res.status = 429;
    res.set_header("Retry-After", "0");
    res.set_content("Too Many Requests\n", "text/plain");
    return;
  }
  if (Has(url, "nocapture")) return res.set_content("[]\n", "application/json");
  res.set_content(
      "[[\"timestamp\",\"original\",\"mimetype\",\"statuscode\"],\n"
      "[\"20150101000000\",\"" +
          url +
          "\",\"image/png\",\"200\"],\n"
          "[\"20200601000000\",\"" +
          url +
          "\",\"image/png\",\"200\"],\n"
          "[\"20230101000000\",\"" +
          url + "\",\"text/html\",\"404\"]]\n",
      "application/json");
}

// The same captures as a Memento TimeMap (link format).
void TimeMap(const std::string& url, httplib::Response& res) {
  std::string map = "<" + url + ">; rel=\"original\",\n<http://timetravel.test/timemap/link/" + url +
                    ">; rel=\"self\"; type=\"application/link-format\",\n";
  for (const char* when : {"Thu, 01 Jan 2015 00:00:00 GMT", "Mon, 01 Jun 2020 00:00:00 GMT"}) {
    std::string stamp = std::string(when).substr(5, 11) == "01 Jan 2015" ? "20150101000000" : "20200601000000";
    map += "<http://web.archive.test/web/" + stamp + "id_/" + url + ">; rel=\"memento\"; datetime=\"" + when + "\",\n";
  }
  res.set_content(map, "application/link-format");
}

// A capture's raw bytes; "errorcapture" has its 2020 capture recorded as an
// error page, "capturedredirect" sends the 2020 one to the 2015 one.
void Replay(const std::string& target, httplib::Response& res) {
  std::string origin = target.substr(target.find("id_/") + 4);
  bool mid = target.rfind("/web/20200601000000", 0) == 0;
  if (Has(origin, "errorcapture") && mid) {
    res.set_content("<!DOCTYPE html><html><body>Got an HTTP 302 response at crawl time</body></html>\n", "text/html");
  } else if (Has(origin, "capturedredirect") && mid) {
    res.status = 302;
    res.set_header("Location", "http://web.archive.test/web/20150101000000id_/" + origin);
  } else {
    res.set_content(Png(origin), "image/png");
  }
}

// As most image servers send: a validator of the bytes.
std::string ETagOf(const std::string& body) { return "\"" + std::to_string(std::hash<std::string>{}(body)) + "\""; }

// What a "rot-" URL answers once the origin has rotted.
void Rotten(const std::string& origin, httplib::Response& res) {
  if (Has(origin, "rot-gone")) {
    res.status = 410;
    res.set_content("gone\n", "text/plain");
  } else if (Has(origin, "rot-changed")) {
    res.set_content(FakeOrigin::BodyFor(origin + "#v2"), "image/png");
  } else if (Has(origin, "rot-soft404")) {
    res.set_content(FakeOrigin::BodyFor("http://placeholder.test/missing.png"), "image/png");
  } else if (Has(origin, "rot-forbidden")) {
    res.status = 403;
    res.set_content("<html><body>Are you a robot?</body></html>\n", "text/html");
  } else if (size_t at = origin.find("rot-moved"); at != std::string::npos) {
    res.status = 301;
    res.set_header("Location", origin.substr(0, at) + "relocated" + origin.substr(at + 9));
  } else if (Has(origin, "rot-unstable")) {
    res.status = 503;
    res.set_content("try again\n", "text/plain");
  } else {
    res.set_content(FakeOrigin::BodyFor(origin), "image/png");
  }
  if (res.status == 200 || res.status == -1) res.set_header("ETag", ETagOf(res.body));
}

// Byte `at` of a stream that deflate cannot shrink, as a photo's: the
// low byte of SplitMix64 of its position.
char NoiseByte(uint64_t at) {
  uint64_t z = at + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return static_cast<char>(z ^ (z >> 31));
}

// The number after `word` in `url` ("size-1024" → 1024), or -1.
long long NumberAfter(const std::string& url, const std::string& word) {
  size_t at = url.find(word);
  if (at == std::string::npos) return -1;
  return std::atoll(url.c_str() + at + word.size());
}

}  // namespace

std::string FakeOrigin::BodyFor(const std::string& url) {
  std::string png = Png(Has(url, "same") ? "same" : url);
  // "over-memory-size": past the size that a transport keeps in memory.
  return Has(url, "over-memory-size") ? png + std::string(1 << 20, '\0') : png;
}

FakeOrigin::FakeOrigin(int port, TestCa* ca) {
  if (ca != nullptr) {
    server_ = std::make_unique<httplib::SSLServer>([ca](SSL_CTX& ctx) {
      ca->Install(&ctx);
      return true;
    });
  } else {
    server_ = std::make_unique<httplib::Server>();
  }
  const std::string scheme = ca != nullptr ? "https" : "http";
  server_->Get(".*", [this, scheme](const httplib::Request& req, httplib::Response& res) {
    std::string host = req.get_header_value("Host");
    {
      std::lock_guard<std::mutex> lock(mu_);
      peak_[host] = std::max(peak_[host], ++in_flight_[host]);
      peak_["*"] = std::max(peak_["*"], ++in_flight_["*"]);
    }
    struct Leave {
      FakeOrigin* origin;
      const std::string& host;
      ~Leave() {
        std::lock_guard<std::mutex> lock(origin->mu_);
        --origin->in_flight_[host];
        --origin->in_flight_["*"];
      }
    } leave{this, host};
    std::string origin;
    bool via_proxy = false;
    if (int ms = latency_ms_; ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    if (req.target == "/__rot") {  // for programs driving rotproof-origin
      Rot();
      res.set_content("rotten\n", "text/plain");
      return;
    }
    if (req.target == "/__stats") {
      res.set_content(std::to_string(total_requests_) + " " + std::to_string(total_bytes_) + "\n", "text/plain");
      return;
    }
    ++total_requests_;
    if (req.target.rfind("http://", 0) == 0) {
      origin = req.target;  // absolute form: we are someone's HTTP proxy
    } else if (req.target.rfind("/?", 0) == 0) {
      origin = req.target.substr(2);  // proxy form: the raw origin URL
      via_proxy = true;
    } else if (host == "web.archive.test" && req.target.rfind("/cdx/search/cdx", 0) == 0) {
      std::string url = req.get_param_value("url");
      return Index(url, Has(url, "cdx-busy") && !cdx_busy_answered_.exchange(true), res);
    } else if (host == "timetravel.test" && req.target.rfind("/timemap/link/", 0) == 0) {
      return TimeMap(req.target.substr(14), res);
    } else if (host == "web.archive.test" && req.target.rfind("/web/", 0) == 0) {
      return Replay(req.target, res);  // the mirror has everything
    } else {
      origin = scheme + "://" + host + req.target;
    }
    size_t seen;
    {
      std::lock_guard<std::mutex> lock(mu_);
      Seen& s = seen_[origin];
      s.times.push_back(std::chrono::steady_clock::now());
      s.referers.push_back(req.get_header_value("Referer"));
      seen = s.times.size();
    }
    if (rotten_ && Has(origin, "rot-")) return Rotten(origin, res);
    if (Has(origin, "slow")) std::this_thread::sleep_for(std::chrono::milliseconds(300));
    if (auto parts = origin.find("/posts/"); !pages_dir_.empty() && parts != std::string::npos) {
      std::ifstream page(pages_dir_ + "/" + origin.substr(parts + 7), std::ios::binary);
      if (page) {
        std::ostringstream text;
        text << page.rdbuf();
        total_bytes_ += text.str().size();
        res.set_content(text.str(),
                        origin.ends_with(".html") ? "text/html; charset=utf-8" : "application/octet-stream");
        return;
      }
    }
    if (Has(origin, "dead") || (Has(origin, "proxy-only") && !via_proxy)) {
      res.status = 404;
      res.set_content("not found\n", "text/plain");
    } else if ((Has(origin, "flaky") && seen <= 2) ||
               ((Has(origin, "retry-after") || Has(origin, "retry-date")) && seen == 1)) {
      res.status = 503;
      if (Has(origin, "retry-after")) res.set_header("Retry-After", "1");
      if (Has(origin, "retry-date")) res.set_header("Retry-After", HttpDate(std::time(nullptr) + 2));
      res.set_content("try again\n", "text/plain");
    } else if (Has(origin, "too-many") && seen == 1) {
      res.status = 429;
      res.set_header("Retry-After", "0");
      res.set_content("slow down\n", "text/plain");
    } else if (Has(origin, "hotlink") && !req.get_header_value("Referer").empty()) {
      res.status = 403;
      res.set_content("no hot-linking\n", "text/plain");
    } else if (size_t go = origin.find("/goto/"); go != std::string::npos) {
      res.status = 302;
      res.set_header("Location", origin.substr(go + 6));
    } else if (Has(origin, "loop")) {
      res.status = 302;
      res.set_header("Location", origin);
    } else if (long long n = NumberAfter(origin, "redirect-"); n > 0) {
      std::string next = origin;
      size_t at = next.find("redirect-") + 9;
      next.replace(at, std::to_string(n).size(), std::to_string(n - 1));
      res.status = 302;
      res.set_header("Location", next);
    } else if (Has(origin, "endless")) {
      res.set_chunked_content_provider("application/octet-stream", [](size_t, httplib::DataSink& sink) {
        static const std::string block(1 << 16, 'z');
        return sink.write(block.data(), block.size());
      });
    } else if (long long size = NumberAfter(origin, "size-"); size >= 0) {
      bool zeros = Has(origin, "zeros"), noise = Has(origin, "noise");
      res.set_content_provider(static_cast<size_t>(size), "application/octet-stream",
                               [zeros, noise](size_t offset, size_t length, httplib::DataSink& sink) {
                                 std::string block(std::min<size_t>(length, 1 << 16),
                                                   zeros ? '\0' : static_cast<char>('a' + offset % 26));
                                 if (noise)
                                   for (size_t i = 0; i < block.size(); ++i) block[i] = NoiseByte(offset + i);
                                 return sink.write(block.data(), block.size());
                               });
    } else if (Has(origin, "truncated") || Has(origin, "stall")) {
      auto body = std::make_shared<std::string>(Png(origin));
      bool stall = Has(origin, "stall");
      res.set_content_provider(body->size(), "image/png",
                               [this, body, stall](size_t offset, size_t, httplib::DataSink& sink) {
                                 size_t half = body->size() / 2;
                                 if (offset < half) return sink.write(body->data(), half);
                                 while (stall && !stopping_) std::this_thread::sleep_for(std::chrono::milliseconds(20));
                                 return false;  // close before the declared length
                               });
    } else if (Has(origin, "chunked")) {
      auto body = std::make_shared<std::string>(Png(origin));
      res.set_chunked_content_provider("image/png", [body](size_t offset, httplib::DataSink& sink) {
        // Two chunks, so the framing is really chunked.
        size_t half = body->size() / 2;
        if (offset == 0) {
          sink.write(body->data(), half);
        } else {
          sink.write(body->data() + half, body->size() - half);
          sink.done();
        }
        return true;
      });
    } else if (Has(origin, "dup-length")) {
      std::string png = Png(origin);
      res.set_header("Content-Length", std::to_string(png.size()));
      res.set_content(png, "image/png");
    } else if (Has(origin, "zstd")) {
      res.set_header("Content-Encoding", "zstd");
      res.set_content(Png(origin), "image/png");
    } else if (Has(origin, "gzip")) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(Gzip(Png(origin)), "image/png");
    } else if (Has(origin, "brotli")) {
      res.set_header("Content-Encoding", "br");
      res.set_content(Brotli(Png(origin)), "image/png");
    } else if (Has(origin, "/page-") && origin.ends_with(".html")) {
      std::string n = origin.substr(origin.rfind("page-") + 5);
      n = n.substr(0, n.size() - 5);
      res.set_content("<!DOCTYPE html><html><head><title>Live page " + n +
                          "</title>"
                          "<base href=\"/articles/\">"
                          "<link rel=\"stylesheet\" href=\"/style-" +
                          n +
                          ".css\">"
                          "<link rel=\"icon\" href=\"/favicon.ico\"></head><body>"
                          "<h1>Page " +
                          n + "</h1><img src=\"img/photo-" + n +
                          ".png\">"
                          "<picture><source srcset=\"/img/pic-" +
                          n + ".webp\"><img src=\"/img/pic-" + n +
                          ".png\"></picture>"
                          "<div style=\"background-image:url('/img/bg-" +
                          n +
                          ".png')\"></div>"
                          "</body></html>\n",
                      "text/html");
    } else if (Has(origin, "bomb")) {
      // 64 MiB in a few hundred bytes: what a hostile server sends to make
      // its reader decode without end (made once, shared by every request).
      static const std::string zeros(64 << 20, origin.ends_with(".css") ? ' ' : '\0');
      static const std::string brotli = Brotli(zeros), gzip = Gzip(zeros);
      bool css = origin.ends_with(".css");
      res.set_header("Content-Encoding", css ? "gzip" : "br");
      res.set_content(css ? gzip : brotli, css ? "text/css" : "image/png");
    } else if (origin.ends_with(".css") && Has(origin, "proxied")) {
      // As themes hot-link their backgrounds through an image proxy.
      res.set_content(
          ".hero { background: url(\"https://images.weserv.nl/?url=http://img.example.com/css-hero.png\") }\n",
          "text/css");
    } else if (origin.ends_with(".css")) {
      res.set_content("body { background: url(/img/css-bg.png) }\n.logo { background-image: url(\"logo.png\") }\n",
                      "text/css");
    } else if (Has(origin, "html")) {
      res.set_content("<!DOCTYPE html><html><body>Image not found</body></html>\n", "text/html");
    } else {
      res.set_content(BodyFor(origin), "image/png");
    }
    if ((res.status == 200 || res.status == -1) && !res.body.empty()) res.set_header("ETag", ETagOf(res.body));
    total_bytes_ += res.body.size();
  });
  // httplib gives each connection a worker while it is kept alive; a batch keeps
  // many connections to many hosts (real servers multiplex them): many workers.
  server_->new_task_queue = [] { return new httplib::ThreadPool(512); };
  // Without it, Nagle and delayed ACKs add ~40 ms to every small answer.
  server_->set_tcp_nodelay(true);
  // Debian's httplib listens with a backlog of 5, so a batch's burst of
  // connects meets dropped SYNs and one-second retransmits; real servers
  // queue hundreds (nginx: 511). Linux lets a second listen() raise it.
  socket_t listening = -1;
  server_->set_socket_options([&listening](socket_t sock) {
    httplib::default_socket_options(sock);
    listening = sock;
  });
  if (port == 0) {
    port_ = server_->bind_to_any_port("127.0.0.1");
  } else if (server_->bind_to_port("127.0.0.1", port)) {
    port_ = port;
  }
  if (port_ > 0) ::listen(listening, 1024);
  if (port_ > 0) {
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // stop() is a no-op until the loop runs, so a server destroyed before it
    // started would never stop: wait for it.
    while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

int FakeOrigin::PeakConcurrency(const std::string& host) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = peak_.find(host);
  return it == peak_.end() ? 0 : it->second;
}

int FakeOrigin::RequestCount(const std::string& url) const { return static_cast<int>(RequestTimes(url).size()); }

std::vector<std::chrono::steady_clock::time_point> FakeOrigin::RequestTimes(const std::string& url) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = seen_.find(url);
  return it == seen_.end() ? std::vector<std::chrono::steady_clock::time_point>{} : it->second.times;
}

std::vector<std::string> FakeOrigin::Referers(const std::string& url) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = seen_.find(url);
  return it == seen_.end() ? std::vector<std::string>{} : it->second.referers;
}

void FakeOrigin::Wait() {
  if (thread_.joinable()) thread_.join();
}

FakeOrigin::~FakeOrigin() {
  stopping_ = true;
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace rotproof::testing
