import DikCore
