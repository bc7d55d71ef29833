package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.fleet.HostExecutor;
import io.fleetdeploy.rollout.BatchPollSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the Deployment controller keeps in memory about each running deployment between reconciles:
 * only things that save work (a prepared revision, the poll schedule, what was sent in this
 * process), never anything a restart needs, which lives in status. One owner, one {@link #forget}:
 * called when a deployment's final status is written, and for every deployment that no longer
 * exists ({@link #retainOnly}), so memory does not grow with deleted Deployments. Beside them, per
 * group, what its batches took last ({@link #pacedSchedule}): a new deployment's first batch is
 * then looked at when it is expected to end, not after a quarter of its age.
 */
final class DeploymentMemory {
  /** Groups whose pace is kept; beyond, the least recently used is dropped. */
  static final int PACED_GROUPS = 10_000;

  private final HostExecutor executor;
  private final Duration pollInterval;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  @SuppressWarnings("serial") // never serialized
  private final Map<String, Duration> paceByGroup =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Duration> eldest) {
              return size() > PACED_GROUPS;
            }
          });

  DeploymentMemory(HostExecutor executor, Duration pollInterval) {
    this.executor = executor;
    this.pollInterval = pollInterval;
  }

  /** One deployment's memory. */
  final class Entry {
    private PreparedRevision prepared;

    /** A revision that cannot be deployed stays so: a rejection is kept like a success. */
    private RevisionRejected rejected;

    private BatchPollSchedule schedule;
    private Instant lastInstanceCheck;

    /**
     * Commands sent per batch (and part of it, when sent in parts) by this process, before status
     * records them.
     */
    private final Map<List<Integer>, List<String>> sent = new ConcurrentHashMap<>();

    /** Every command this deployment used, for the executor's caches. */
    private final Set<String> commands = ConcurrentHashMap.newKeySet();

    /** (command instance) pairs a cancel was asked for. */
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

    /** Batches this process deregistered from their load balancers. */
    private final Set<Integer> trafficBlocked = ConcurrentHashMap.newKeySet();

    private Instant lastAlarmPoll;

    /** Instances SSM refused, and when to try them again. */
    private final Map<String, Instant> refusedRetry = new ConcurrentHashMap<>();

    PreparedRevision prepared(Supplier<PreparedRevision> prepare) {
      if (rejected != null) {
        throw rejected;
      }
      if (prepared == null) {
        try {
          prepared = prepare.get();
        } catch (RevisionRejected e) {
          rejected = e;
          throw e;
        }
      }
      return prepared;
    }

    Optional<PreparedRevision> prepared() {
      return Optional.ofNullable(prepared);
    }

    BatchPollSchedule schedule() {
      if (schedule == null) {
        schedule = new BatchPollSchedule(pollInterval);
      }
      return schedule;
    }

    Optional<BatchPollSchedule> existingSchedule() {
      return Optional.ofNullable(schedule);
    }

    /**
     * True when the last check is older than {@code interval} (and notes this one); false the first
     * time.
     */
    boolean instanceCheckDue(Instant now, Duration interval) {
      if (lastInstanceCheck == null) {
        lastInstanceCheck = now;
        return false;
      }
      if (lastInstanceCheck.plus(interval).isAfter(now)) {
        return false;
      }
      lastInstanceCheck = now;
      return true;
    }

    void sent(int batch, int part, List<String> commandIds) {
      sent.merge(
          List.of(batch, part),
          new ArrayList<>(commandIds),
          (a, b) -> {
            LinkedHashSet<String> all = new LinkedHashSet<>(a);
            all.addAll(b);
            return new ArrayList<>(all);
          });
      commands.addAll(commandIds);
    }

    Optional<List<String>> sentFor(int batch, int part) {
      return Optional.ofNullable(sent.get(List.of(batch, part)));
    }

    void used(Collection<String> commandIds) {
      commands.addAll(commandIds);
    }

    /** True the first time a cancel of this instance's invocation is asked for. */
    boolean cancelOnce(String commandId, String instanceId) {
      return cancelled.add(commandId + " " + instanceId);
    }

    /**
     * True the first time this process deregisters the batch (after a restart it does so again:
     * deregistering is idempotent).
     */
    boolean trafficBlockedOnce(int batch) {
      return trafficBlocked.add(batch);
    }

    /** True when the alarms were not read for {@code interval} (and notes this read). */
    boolean alarmPollDue(Instant now, Duration interval) {
      if (lastAlarmPoll != null && lastAlarmPoll.plus(interval).isAfter(now)) {
        return false;
      }
      lastAlarmPoll = now;
      return true;
    }

    boolean refusedRetryDue(String instanceId, Instant now) {
      Instant at = refusedRetry.get(instanceId);
      return at == null || !at.isAfter(now);
    }

    /**
     * Schedules the first retry of a refused instance (a later one is scheduled when it is tried).
     */
    void retryRefusedFirstAt(String instanceId, Instant at) {
      refusedRetry.putIfAbsent(instanceId, at);
    }

    void retryRefusedAt(String instanceId, Instant at) {
      refusedRetry.put(instanceId, at);
    }

    void refusalResolved(String instanceId) {
      refusedRetry.remove(instanceId);
    }
  }

  /**
   * The schedule of {@code entry}'s batches, given the pace its group's batches had so far (in this
   * process), and keeping that pace up to date for the group's next deployment.
   */
  BatchPollSchedule pacedSchedule(Entry entry, String groupKey) {
    BatchPollSchedule schedule = entry.schedule();
    Optional<Duration> own = schedule.expectation();
    if (own.isPresent()) {
      paceByGroup.put(groupKey, own.get());
    } else {
      Optional.ofNullable(paceByGroup.get(groupKey)).ifPresent(schedule::expectFromEarlier);
    }
    return schedule;
  }

  Entry of(String uid) {
    return entries.computeIfAbsent(uid, k -> new Entry());
  }

  Optional<Entry> peek(String uid) {
    return Optional.ofNullable(entries.get(uid));
  }

  /** Drops everything kept for the deployment, the executor's caches of its commands included. */
  void forget(String uid) {
    Entry entry = entries.remove(uid);
    if (entry != null && !entry.commands.isEmpty()) {
      executor.forget(List.copyOf(entry.commands));
    }
  }

  /** Forgets every deployment but these (the ones that still exist). */
  void retainOnly(Collection<String> liveUids) {
    Set<String> live = new HashSet<>(liveUids);
    List.copyOf(entries.keySet()).stream().filter(uid -> !live.contains(uid)).forEach(this::forget);
  }

  int size() {
    return entries.size();
  }
}
