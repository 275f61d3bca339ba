//! The facade the app calls (being written).
