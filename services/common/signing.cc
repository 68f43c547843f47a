#include "services/common/signing.h"

#include <sodium.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/sha256.h"

namespace reportflow {
namespace {

bool InitSodium() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

SigningKey FromSeed(absl::string_view seed) {
  InitSodium();
  unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
  unsigned char secret_key[crypto_sign_SECRETKEYBYTES];
  crypto_sign_seed_keypair(public_key, secret_key,
                           reinterpret_cast<const unsigned char*>(seed.data()));
  SigningKey key;
  key.public_key.assign(reinterpret_cast<char*>(public_key), sizeof public_key);
  key.secret_key.assign(reinterpret_cast<char*>(secret_key), sizeof secret_key);
  key.id = SigningKeyId(key.public_key);
  sodium_memzero(secret_key, sizeof secret_key);
  return key;
}

// 32 bytes from 64 hex digits, or INVALID_ARGUMENT.
absl::StatusOr<std::string> HexBytes32(absl::string_view text, absl::string_view file_name) {
  const absl::string_view hex = absl::StripAsciiWhitespace(text);
  if (hex.size() != 64 || hex.find_first_not_of("0123456789abcdefABCDEF") != hex.npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(file_name, ": 应为 64 位十六进制的 Ed25519 密钥 (expected 64 hex digits)"));
  }
  return absl::HexStringToBytes(hex);
}

}  // namespace

SigningKey GenerateSigningKey() {
  InitSodium();
  unsigned char seed[crypto_sign_SEEDBYTES];
  randombytes_buf(seed, sizeof seed);
  SigningKey key = FromSeed(absl::string_view(reinterpret_cast<char*>(seed), sizeof seed));
  sodium_memzero(seed, sizeof seed);
  return key;
}

absl::StatusOr<SigningKey> ParseSigningKey(absl::string_view text, absl::string_view file_name) {
  absl::StatusOr<std::string> seed = HexBytes32(text, file_name);
  if (!seed.ok()) {
    return seed.status();
  }
  return FromSeed(*seed);
}

absl::StatusOr<std::string> ParsePublicKey(absl::string_view text, absl::string_view file_name) {
  return HexBytes32(text, file_name);
}

std::string SigningKeyFileText(const SigningKey& key) {
  return absl::StrCat(absl::BytesToHexString(key.secret_key.substr(0, crypto_sign_SEEDBYTES)),
                      "\n");
}

std::string PublicKeyFileText(const SigningKey& key) {
  return absl::StrCat(absl::BytesToHexString(key.public_key), "\n");
}

std::string SigningKeyId(absl::string_view public_key) {
  return absl::StrCat("ed25519-", Sha256Hex(public_key).substr(0, 16));
}

std::string Sign(const SigningKey& key, absl::string_view message) {
  InitSodium();
  unsigned char signature[crypto_sign_BYTES];
  crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(),
                       reinterpret_cast<const unsigned char*>(key.secret_key.data()));
  return std::string(reinterpret_cast<char*>(signature), sizeof signature);
}

bool VerifySignature(absl::string_view public_key, absl::string_view message,
                     absl::string_view signature) {
  InitSodium();
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES) {
    return false;
  }
  return crypto_sign_verify_detached(
             reinterpret_cast<const unsigned char*>(signature.data()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(),
             reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

}  // namespace reportflow
