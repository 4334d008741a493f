// Package importcost holds the tests of what importing the facade costs a
// service: which packages come along, and how much a binary grows. Its
// test programs are in testdata.
package importcost
