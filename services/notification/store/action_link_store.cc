#include "services/notification/store/action_link_store.h"

#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace reportflow::notification {

absl::Status InsertActionLink(Transaction& tx, const StoredActionLink& link, absl::Time now) {
  return tx
      .Execute(
          "INSERT INTO action_links (token_hash, person_id, unit, task, digest, "
          "activate_time, title, create_time, expire_time, state) VALUES (?, ?, ?, ?, ?, ?, "
          "?, ?, ?, ?)",
          {link.token_hash, link.person_id, link.link.unit(), link.link.task(), link.link.digest(),
           SqlTime(link.activate_time), link.link.title(), SqlTime(now), SqlTime(link.expire_time),
           static_cast<int>(v1::ACTION_LINK_STATE_VALID)})
      .status();
}

absl::StatusOr<std::optional<StoredActionLink>> FindActionLink(Transaction& tx,
                                                               absl::string_view token_hash) {
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query("SELECT person_id, unit, task, digest, DATE_FORMAT(activate_time, "
               "'%Y-%m-%d %H:%i:%s.%f'), title, DATE_FORMAT(expire_time, '%Y-%m-%d %H:%i:%s.%f'), "
               "state FROM action_links WHERE token_hash = ?",
               {token_hash}));
  if (rows.empty()) return std::optional<StoredActionLink>();
  const Row& row = rows[0];
  StoredActionLink link;
  link.token_hash = std::string(token_hash);
  link.person_id = row.GetString(0);
  link.link.set_unit(row.GetString(1));
  link.link.set_task(row.GetString(2));
  link.link.set_digest(row.GetString(3));
  link.activate_time = row.GetTime(4);
  link.link.set_title(row.GetString(5));
  link.expire_time = row.GetTime(6);
  SetTimestamp(link.expire_time, link.link.mutable_expire_time());
  link.link.set_state(static_cast<v1::ActionLinkState>(row.GetInt64(7)));
  return std::optional<StoredActionLink>(std::move(link));
}

absl::StatusOr<bool> ClaimActionLink(Transaction& tx, absl::string_view token_hash,
                                     absl::Time now) {
  ASSIGN_OR_RETURN(int64_t changed,
                   tx.Execute("UPDATE action_links SET state = ?, use_time = ? WHERE token_hash "
                              "= ? AND state = ?",
                              {static_cast<int>(v1::ACTION_LINK_STATE_USED), SqlTime(now),
                               token_hash, static_cast<int>(v1::ACTION_LINK_STATE_VALID)}));
  return changed == 1;
}

absl::Status SetActionLinkState(Transaction& tx, absl::string_view token_hash,
                                v1::ActionLinkState state) {
  return tx
      .Execute(
          "UPDATE action_links SET state = ?, use_time = CASE WHEN ? = ? THEN NULL ELSE "
          "use_time END WHERE token_hash = ?",
          {static_cast<int>(state), static_cast<int>(state),
           static_cast<int>(v1::ACTION_LINK_STATE_VALID), token_hash})
      .status();
}

}  // namespace reportflow::notification
