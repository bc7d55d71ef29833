/**
 * The fleetdeploy.io/v1alpha1 API: Application, DeploymentGroup and Deployment.
 *
 * <p>Field descriptions are given with {@code @JsonPropertyDescription} because that is what the
 * Fabric8 CRD generator reads: they become the OpenAPI descriptions, i.e. {@code kubectl explain}.
 * Bounds ({@code @Size}, {@code @Min}, {@code @Max}) and cross-field rules
 * ({@code @ValidationRule}, CEL) are checked by the API server at admission, before the operator
 * sees an object.
 */
package io.fleetdeploy.api.v1alpha1;
