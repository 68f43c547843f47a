// Ed25519 signatures (libsodium) for approval certificates: the review
// service signs, the publication service verifies with the configured public
// key.
//
// Key files are text: the private key file holds the 32-byte seed as 64 hex
// digits, the public key file the 32-byte public key as 64 hex digits
// (`reportctl admin init` writes both). A key's id is "ed25519-" followed by
// the first 16 hex digits of the SHA-256 of its public key.
#ifndef REPORTFLOW_SERVICES_COMMON_SIGNING_H_
#define REPORTFLOW_SERVICES_COMMON_SIGNING_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace reportflow {

// An Ed25519 key pair.
struct SigningKey {
  // "ed25519-<16 hex>".
  std::string id;
  // 32 raw bytes.
  std::string public_key;
  // 64 raw bytes (libsodium's seed + public key form); never logged.
  std::string secret_key;
};

// A fresh random key pair.
SigningKey GenerateSigningKey();

// The key pair of a private key file's text (64 hex digits of seed, optional
// surrounding whitespace). INVALID_ARGUMENT naming `file_name` otherwise.
absl::StatusOr<SigningKey> ParseSigningKey(absl::string_view text, absl::string_view file_name);

// The raw public key of a public key file's text (64 hex digits).
absl::StatusOr<std::string> ParsePublicKey(absl::string_view text, absl::string_view file_name);

// The texts of the private and public key files of `key`.
std::string SigningKeyFileText(const SigningKey& key);
std::string PublicKeyFileText(const SigningKey& key);

// The id of a raw 32-byte public key.
std::string SigningKeyId(absl::string_view public_key);

// The 64-byte detached signature of `message`.
std::string Sign(const SigningKey& key, absl::string_view message);

// Whether `signature` is a valid signature of `message` by `public_key`
// (raw bytes). False for wrong sizes.
bool VerifySignature(absl::string_view public_key, absl::string_view message,
                     absl::string_view signature);

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_SIGNING_H_
