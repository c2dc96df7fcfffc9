// SwiftPM needs one C source to build this target; everything lives in the header.
#include "CVesselEvent.h"
