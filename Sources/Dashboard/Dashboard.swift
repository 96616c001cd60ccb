import Hummingbird
import SPC
import Store
enum DashboardPlaceholder {}
