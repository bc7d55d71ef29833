package io.fleetdeploy.chart;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Fields of a rendered object that its Kubernetes kind does not define, such as a misspelt {@code
 * startupProbes}. helm lint does not know Kubernetes schemas and the API server would only drop or
 * reject them at install time; the Fabric8 model keeps them aside as additional properties, which
 * this walks to find.
 */
final class UnknownFields {
  private UnknownFields() {}

  static List<String> of(KubernetesResource object) {
    List<String> found = new ArrayList<>();
    walk(object, object.getClass().getSimpleName(), found);
    return found;
  }

  private static void walk(Object value, String path, List<String> found) {
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", found);
      }
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, found));
    } else if (value instanceof KubernetesResource
        && !(value instanceof GenericKubernetesResource)) {
      List<Method> getters =
          List.of(value.getClass().getMethods()).stream()
              .filter(
                  m ->
                      m.getParameterCount() == 0
                          && m.getName().startsWith("get")
                          && m.getDeclaringClass() != Object.class)
              .sorted(Comparator.comparing(Method::getName))
              .toList();
      for (Method getter : getters) {
        Object field = invoke(getter, value);
        if (getter.getName().equals("getAdditionalProperties")) {
          if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
            found.add(path + ": " + extra.keySet());
          }
        } else {
          String name = getter.getName().substring(3);
          walk(
              field, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), found);
        }
      }
    }
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new LinkageError("cannot read " + getter, e);
    }
  }
}
