package dev.misdirect.ui.common;

import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads {@code XxxView.fxml} from beside the controller class {@code XxxView} and creates the controller through a
 * controller factory that injects constructor parameters from a fixed set of collaborators (view-models,
 * services, the dialog service), the way Cryptomator's {@code FxmlLoaderFactory} hands Dagger-built controllers
 * to FXML. Controllers declare exactly one public constructor; each parameter is matched by type against the
 * collaborators; a missing or ambiguous match fails with a message naming the controller and the parameter.
 * Call {@link #load} on the FX thread.
 */
public final class FxmlViews {
    private final List<Object> collaborators;

    public FxmlViews(List<?> collaborators) {
        this.collaborators = List.copyOf(collaborators);
    }

    /** A copy that can also inject {@code more}. */
    public FxmlViews with(Object... more) {
        List<Object> all = new ArrayList<>(collaborators);
        all.addAll(List.of(more));
        return new FxmlViews(all);
    }

    /** Loads the FXML of {@code viewClass}; returns its root and controller. FX thread. */
    public <T> Loaded<T> load(Class<T> viewClass) {
        String name = viewClass.getSimpleName() + ".fxml";
        URL url = viewClass.getResource(name);
        if (url == null) {
            throw new IllegalStateException("no " + name + " beside " + viewClass.getName());
        }
        FXMLLoader loader = new FXMLLoader(url);
        loader.setControllerFactory(this::createController);
        try {
            Parent root = loader.load();
            return new Loaded<>(root, viewClass.cast(loader.getController()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + name + ": " + e.getMessage(), e);
        }
    }

    /** A loaded view: its root node and its controller. */
    public record Loaded<T>(Parent root, T controller) {
    }

    /** The controller factory: creates {@code type} through its single public constructor. */
    public Object createController(Class<?> type) {
        Constructor<?>[] constructors = type.getConstructors();
        if (constructors.length != 1) {
            throw new IllegalStateException(type.getName() + " must declare exactly one public constructor, has "
                    + constructors.length);
        }
        Constructor<?> constructor = constructors[0];
        Class<?>[] params = constructor.getParameterTypes();
        Object[] args = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            args[i] = resolve(type, params[i]);
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("constructor of " + type.getName() + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + type.getName() + ": " + e, e);
        }
    }

    private Object resolve(Class<?> controller, Class<?> param) {
        List<Object> matches = collaborators.stream().filter(param::isInstance).toList();
        if (matches.isEmpty()) {
            throw new IllegalStateException(controller.getSimpleName() + " needs a " + param.getName()
                    + " but none was provided");
        }
        if (matches.size() > 1) {
            throw new IllegalStateException(controller.getSimpleName() + " needs one " + param.getName()
                    + " but " + matches.size() + " match");
        }
        return matches.get(0);
    }
}
