package io.fleetdeploy.demo;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import java.util.List;

/**
 * What a story does beyond applying its manifests: lines to show as the cluster moves, things to do
 * to the simulated world at the right moment, and the endings it expects that are not plain
 * successes.
 */
public interface StoryScript {
  StoryScript NONE =
      new StoryScript() {
        @Override
        public List<String> observe(ClusterSnapshot snapshot) {
          return List.of();
        }

        @Override
        public boolean expectedEnding(Deployment deployment, ClusterSnapshot snapshot) {
          return false;
        }

        @Override
        public boolean expectedNotReady(DeploymentGroup group, ClusterSnapshot snapshot) {
          return false;
        }
      };

  /** Called at every look at the cluster; returns the lines to show. */
  List<String> observe(ClusterSnapshot snapshot);

  /** A Deployment that did not succeed, the way the story means it to. */
  boolean expectedEnding(Deployment deployment, ClusterSnapshot snapshot);

  /** A group that is not Ready at the end, the way the story means it to be. */
  boolean expectedNotReady(DeploymentGroup group, ClusterSnapshot snapshot);
}
