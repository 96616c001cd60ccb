/// Critical values of Student's t distribution.
enum StudentT {
    /// The 0.9995 quantile (two-sided 99.9 %): tabulated for 1…30 degrees of
    /// freedom, beyond that the first Cornish–Fisher term `z + (z³ + z)/(4·dof)`,
    /// z = 3.2905.
    static func quantile9995(degreesOfFreedom dof: Int) -> Double {
        let table: [Double] = [636.62, 31.599, 12.924, 8.610, 6.869, 5.959, 5.408, 5.041, 4.781, 4.587,
                               4.437, 4.318, 4.221, 4.140, 4.073, 4.015, 3.965, 3.922, 3.883, 3.850,
                               3.819, 3.792, 3.768, 3.745, 3.725, 3.707, 3.690, 3.674, 3.659, 3.646]
        if dof < 1 { return .infinity }
        if dof <= table.count { return table[dof - 1] }
        let z = 3.2905
        return z + (z * z * z + z) / (4 * Double(dof))
    }
}
