-- Quantity conflicts over an `ist export --format parquet -o claims.parquet` file:
-- claims from different sources about the same actor, topic and unit, stated within
-- 14 days of each other, whose ranges of admitted numbers do not overlap. Open-ended
-- bounds are exported as nulls, so they count as minus or plus infinity here; an
-- open end ("more than") excludes its own number.
-- Not what `ist conflicts` computes: no stances, no group claims applied to members,
-- no supersession by the actor's own later statement or walk-back, no conditions. It
-- finds every direct quantity conflict ist finds, and more (README, "Export").
SELECT a.actor, a.topic,
       a.claim_id AS claim_a, a.value AS value_a, a.source_id AS source_a,
       b.claim_id AS claim_b, b.value AS value_b, b.source_id AS source_b
FROM 'claims.parquet' a
JOIN 'claims.parquet' b
  ON a.actor = b.actor AND a.topic = b.topic AND a.unit = b.unit
 AND coalesce(a.about, '') = coalesce(b.about, '')
 AND a.source_id <> b.source_id AND a.claim_id < b.claim_id
WHERE a.value_kind = 'quantity' AND b.value_kind = 'quantity'
  AND a.status <> 'rejected' AND b.status <> 'rejected'
  AND a.effective_start <= b.effective_end + INTERVAL 14 DAY
  AND b.effective_start <= a.effective_end + INTERVAL 14 DAY
  AND (coalesce(a.low, -1e308) > coalesce(b.high, 1e308)
       OR coalesce(b.low, -1e308) > coalesce(a.high, 1e308)
       -- touching ranges share no number when either touching end is open ("more than 50%" vs "50%")
       OR (a.low = b.high AND (a.low_open OR b.high_open))
       OR (b.low = a.high AND (b.low_open OR a.high_open)))
ORDER BY a.actor, a.topic, claim_a, claim_b;
