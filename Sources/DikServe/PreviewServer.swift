import DikCore
import Hummingbird

/// The review preview (`dik serve`). Implemented in issue 3.
public enum PreviewServer {}
