#include "fake_origin.h"

#include <httplib.h>
#include <zlib.h>

#include <chrono>

#include "rotproof/digest.h"

namespace rotproof::testing {
namespace {

void PutBigEndian32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>((v >> shift) & 0xff));
}

void PutChunk(std::string* png, const char* type, const std::string& data) {
  PutBigEndian32(png, static_cast<uint32_t>(data.size()));
  std::string body = std::string(type, 4) + data;
  png->append(body);
  PutBigEndian32(png, static_cast<uint32_t>(
                          crc32(0, reinterpret_cast<const Bytef*>(body.data()), body.size())));
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
      for (int c = 0; c < 3; ++c)
        raw.push_back(static_cast<char>(std::stoi(hex.substr(i + static_cast<size_t>(c) * 2, 2), nullptr, 16)));
    }
  }
  uLongf len = compressBound(raw.size());
  std::string z(len, '\0');
  compress(reinterpret_cast<Bytef*>(z.data()), &len, reinterpret_cast<const Bytef*>(raw.data()),
           raw.size());
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

}  // namespace

std::string FakeOrigin::BodyFor(const std::string& url) { return Png(url); }

FakeOrigin::FakeOrigin(int port) : server_(std::make_unique<httplib::Server>()) {
  server_->Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
    std::string origin;
    if (req.target.rfind("/?", 0) == 0) {
      origin = req.target.substr(2);  // proxy form: the raw origin URL
    } else {
      origin = "http://" + req.get_header_value("Host") + req.target;
    }
    int seen;
    {
      std::lock_guard<std::mutex> lock(mu_);
      seen = ++requests_[origin];
    }
    if (FakeOrigin::IsDead(origin)) {
      res.status = 404;
      res.set_content("not found\n", "text/plain");
    } else if (origin.find("flaky") != std::string::npos && seen <= 2) {
      res.status = 503;
      res.set_content("try again\n", "text/plain");
    } else if (origin.find("chunked") != std::string::npos) {
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
    } else {
      res.set_content(Png(origin), "image/png");
    }
  });
  if (port == 0) {
    port_ = server_->bind_to_any_port("127.0.0.1");
  } else if (server_->bind_to_port("127.0.0.1", port)) {
    port_ = port;
  }
  if (port_ > 0) {
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // stop() is a no-op until the loop runs, so a server destroyed before it
    // started would never stop: wait for it.
    while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

int FakeOrigin::RequestCount(const std::string& url) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = requests_.find(url);
  return it == requests_.end() ? 0 : it->second;
}

void FakeOrigin::Wait() {
  if (thread_.joinable()) thread_.join();
}

FakeOrigin::~FakeOrigin() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace rotproof::testing
