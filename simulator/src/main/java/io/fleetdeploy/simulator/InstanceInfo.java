package io.fleetdeploy.simulator;

import java.nio.file.Path;
import java.util.Map;

/**
 * A simulated host as the embedding code sees it.
 *
 * @param state EC2 state name (pending, running, stopping, stopped, shutting-down, terminated);
 *     "running" for on-premises servers
 * @param autoScalingGroup the group it belongs to, or null
 * @param lifecycleState its Auto Scaling lifecycle state (e.g. "Pending:Wait"), or null
 * @param root the directory that stands for the host's file system root
 */
public record InstanceInfo(
    String id,
    String state,
    String privateIp,
    String availabilityZone,
    Map<String, String> tags,
    String autoScalingGroup,
    String lifecycleState,
    boolean onPremises,
    Path root) {}
