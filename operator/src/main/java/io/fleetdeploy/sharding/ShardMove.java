package io.fleetdeploy.sharding;

/**
 * What the assigner does with one object: nothing, label it (it has no shard yet), move it (its
 * shard is not the one the ring gives it, and nothing of it is in progress), or hold it where it is
 * until its deployments in progress end (a replica that never started them must not pick them up
 * half way).
 */
public enum ShardMove {
  KEEP,
  ASSIGN,
  MOVE,
  HOLD;

  /**
   * What to do with an object the ring gives to {@code ring.ownerOf(key)}.
   *
   * @param current the object's shard label, null when it has none
   * @param inProgress whether one of its Deployments is queued or in progress
   */
  public static ShardMove decide(ShardRing ring, String key, String current, boolean inProgress) {
    if (current == null || current.isEmpty()) {
      return ASSIGN;
    }
    if (current.equals(ring.ownerOf(key))) {
      return KEEP;
    }
    // A shard no longer configured has no replica: nobody can be acting on the object, and
    // holding it would leave its deployment stuck for ever; the new owner resumes from status.
    return inProgress && ring.contains(current) ? HOLD : MOVE;
  }
}
