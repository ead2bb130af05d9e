-- Quantity conflicts over an `ist export --format parquet -o claims.parquet` file, between
-- positions as `ist conflicts` lists them (docs/conflicts.md, "Positions"): the claims
-- about one actor, topic, `about` and unit that give the same figure (an exact and an
-- approximate figure count as one) are a position; two positions conflict when a claim
-- of each, from different articles (sources whose texts differ: syndicated copies are
-- one article), stated within 14 days of each other, admit no number in common. Each
-- conflict is one row, with every such claim of each side and how many sources give it,
-- however many outlets repeat a figure. Open-ended bounds are exported as nulls, so they
-- count as minus or plus infinity here; an open end ("more than") excludes its number.
-- Not what `ist conflicts` computes: no stances, no group claims applied to members, no
-- supersession by the actor's own later statement or walk-back, no conditions (claims
-- under different conditions share a position here). It finds every direct quantity
-- conflict ist finds, with at least its claims on each side (README, "Export").
WITH quantity AS (
  SELECT *,
         concat_ws('|', amount, coalesce(upper::VARCHAR, ''),
                   CASE WHEN bound IN ('exact', 'approximate') THEN 'exact-or-approximate' ELSE bound END) AS position
  FROM 'claims.parquet'
  WHERE value_kind = 'quantity' AND status <> 'rejected'
),
pairs AS (
  SELECT a.actor, a.topic, a.about, a.unit, a.position AS position_a, b.position AS position_b,
         a.value AS value_a, a.claim_id AS claim_a, a.source_id AS source_a,
         b.value AS value_b, b.claim_id AS claim_b, b.source_id AS source_b
  FROM quantity a
  JOIN quantity b
    ON a.actor = b.actor AND a.topic = b.topic AND a.unit = b.unit
   AND coalesce(a.about, '') = coalesce(b.about, '')
   AND a.position < b.position                -- each pair of positions once
   AND a.source_sha256 <> b.source_sha256     -- one article, however many copies, never conflicts with itself
  WHERE a.effective_start <= b.effective_end + INTERVAL 14 DAY
    AND b.effective_start <= a.effective_end + INTERVAL 14 DAY
    AND (coalesce(a.low, -1e308) > coalesce(b.high, 1e308)
         OR coalesce(b.low, -1e308) > coalesce(a.high, 1e308)
         -- touching ranges share no number when either touching end is open ("more than 50%" vs "50%")
         OR (a.low = b.high AND (a.low_open OR b.high_open))
         OR (b.low = a.high AND (b.low_open OR a.high_open)))
)
SELECT actor, topic, about, unit,
       min(value_a) AS value_a, count(DISTINCT source_a) AS sources_a, list(DISTINCT claim_a ORDER BY claim_a) AS claims_a,
       min(value_b) AS value_b, count(DISTINCT source_b) AS sources_b, list(DISTINCT claim_b ORDER BY claim_b) AS claims_b
FROM pairs
GROUP BY actor, topic, about, unit, position_a, position_b
ORDER BY actor, topic, about, unit, position_a, position_b;
